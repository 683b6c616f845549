using System.Security.Cryptography;
using System.Text;

namespace LlmGateway.Storage.Tables;

/// <summary>
/// A storage account name and key, able to sign a string and unable to show the key: <see cref="ToString"/> names
/// the account only, and a bad key is reported without its value.
/// </summary>
internal sealed class TableSharedKeyCredential
{
    private readonly byte[] _key;

    public TableSharedKeyCredential(string accountName, string accountKey)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(accountName);
        ArgumentException.ThrowIfNullOrWhiteSpace(accountKey);
        AccountName = accountName;
        try
        {
            _key = Convert.FromBase64String(accountKey);
        }
        catch (FormatException)
        {
            // The original exception is dropped on purpose: nothing of the key may travel further.
            throw new FormatException($"The account key of storage account '{accountName}' is not valid base64.");
        }
    }

    public string AccountName { get; }

    /// <summary>Base64 HMAC-SHA256 of the UTF-8 <paramref name="stringToSign"/> with the account key.</summary>
    public string Sign(string stringToSign) => Convert.ToBase64String(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(stringToSign)));

    public override string ToString() => $"SharedKey({AccountName})";
}
