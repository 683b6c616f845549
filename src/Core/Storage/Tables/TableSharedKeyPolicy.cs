using System.Globalization;
using Azure.Core;
using Azure.Core.Pipeline;

namespace LlmGateway.Storage.Tables;

/// <summary>
/// Signs each attempt of a request with the Table service's SharedKey scheme: it stamps <c>x-ms-date</c> from the
/// injected clock and sets <c>Authorization: SharedKey account:signature</c>, where the signature is the HMAC-SHA256
/// of <c>VERB \n Content-MD5 \n Content-Type \n Date \n CanonicalizedResource</c>. The canonicalized resource is
/// <c>/account</c> + the request's encoded path (so a path-style Azurite URL gives <c>/devstoreaccount1/devstoreaccount1/t</c>)
/// + <c>?comp=…</c> when the query has <c>comp</c>. Runs per retry, so every attempt carries a fresh date.
/// </summary>
internal sealed class TableSharedKeyPolicy(TableSharedKeyCredential credential, TimeProvider timeProvider) : HttpPipelineSynchronousPolicy
{
    public override void OnSendingRequest(HttpMessage message)
    {
        var request = message.Request;
        var date = timeProvider.GetUtcNow().ToString("R", CultureInfo.InvariantCulture);
        request.Headers.SetValue("x-ms-date", date);
        request.Headers.TryGetValue("Content-MD5", out var contentMd5);
        request.Headers.TryGetValue("Content-Type", out var contentType);
        var stringToSign = StringToSign(request.Method.Method, contentMd5, contentType, date, request.Uri.ToUri(), credential.AccountName);
        request.Headers.SetValue(HttpHeader.Names.Authorization, $"SharedKey {credential.AccountName}:{credential.Sign(stringToSign)}");
    }

    /// <summary>The Table service's SharedKey string to sign.</summary>
    internal static string StringToSign(string method, string? contentMd5, string? contentType, string date, Uri uri, string accountName) =>
        string.Join('\n', method.ToUpperInvariant(), contentMd5 ?? string.Empty, contentType ?? string.Empty, date, CanonicalizedResource(uri, accountName));

    internal static string CanonicalizedResource(Uri uri, string accountName)
    {
        var resource = "/" + accountName + uri.AbsolutePath;
        var query = uri.Query.AsSpan().TrimStart('?');
        foreach (var range in query.Split('&'))
        {
            var pair = query[range];
            if (pair.StartsWith("comp=", StringComparison.OrdinalIgnoreCase))
            {
                return resource + "?comp=" + Uri.UnescapeDataString(pair["comp=".Length..].ToString());
            }
        }

        return resource;
    }
}
