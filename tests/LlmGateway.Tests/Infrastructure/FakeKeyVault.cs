using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Azure.Core.Pipeline;
using Azure.Security.KeyVault.Secrets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LlmGateway.Tests.Infrastructure;

/// <summary>
/// A Key Vault stand-in: Kestrel over HTTPS on 127.0.0.1 (a self-signed certificate made here) speaking the REST
/// shapes <see cref="SecretClient"/> uses: the 401 bearer challenge, <c>GET /secrets</c> (paged with
/// <c>nextLink</c>, base ids and attributes, no values) and <c>GET /secrets/{name}/{version?}</c>. It keeps versions
/// like the real thing (the latest is current) and records every request. Each change is stamped one second after
/// the previous one, so a secret's <c>updated</c> time always moves.
/// </summary>
public sealed class FakeKeyVault : IAsyncDisposable
{
    public const string Token = "fake-key-vault-token";
    public const string TenantId = "72f988bf-86f1-41af-91ab-2d7cd011db47";

    private readonly object _gate = new();
    private readonly Dictionary<string, List<FakeSecretVersion>> _secrets = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private readonly WebApplication _app;
    private readonly X509Certificate2 _certificate;
    private DateTimeOffset _stamp = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private int _versions;

    private FakeKeyVault(WebApplication app, X509Certificate2 certificate)
    {
        _app = app;
        _certificate = certificate;
    }

    /// <summary>The vault's address, e.g. <c>https://127.0.0.1:5123/</c>.</summary>
    public Uri VaultUri { get; private set; } = null!;

    /// <summary>The credential clients from <see cref="CreateClient"/> use; it records the scopes asked for.</summary>
    public FakeTokenCredential Credential { get; } = new(Token);

    /// <summary>Secrets per page of <c>GET /secrets</c> (Key Vault's default is 25).</summary>
    public int PageSize { get; set; } = 25;

    /// <summary>When set, every authenticated request fails with this status and a Key Vault error body.</summary>
    public int? FailureStatus { get; set; }

    public IReadOnlyList<RecordedRequest> Requests => _requests.ToArray();

    /// <summary>Authenticated <c>GET /secrets/{name}/…</c> calls: value fetches.</summary>
    public int GetSecretCalls => Requests.Count(r => r.Header("authorization") is not null && IsGetSecret(r.Path));

    /// <summary>Value fetches of one secret.</summary>
    public int GetSecretCallsFor(string name) =>
        Requests.Count(r => r.Header("authorization") is not null && IsGetSecret(r.Path) && SecretNameOf(r.Path).Equals(name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Authenticated <c>GET /secrets</c> calls (one per page).</summary>
    public int ListCalls => Requests.Count(r => r.Header("authorization") is not null && PathOf(r.Path) == "/secrets");

    public static async Task<FakeKeyVault> StartAsync()
    {
        var certificate = CreateCertificate();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(certificate)));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var vault = new FakeKeyVault(app, certificate);
        app.Run(vault.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        vault.VaultUri = new Uri(address.TrimEnd('/') + "/");
        return vault;
    }

    /// <summary>
    /// A client for this vault: trusts only this vault's certificate, skips the challenge's resource check (the
    /// challenge names vault.azure.net, the address is 127.0.0.1) and does not retry, so failures show at once.
    /// </summary>
    public SecretClient CreateClient()
    {
        var thumbprint = _certificate.Thumbprint;
        var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                    certificate is not null && string.Equals(certificate.GetCertHashString(), thumbprint, StringComparison.OrdinalIgnoreCase),
            },
        };
        var options = new SecretClientOptions
        {
            Transport = new HttpClientTransport(handler),
            DisableChallengeResourceVerification = true,
            Retry = { MaxRetries = 0 },
        };
        return new SecretClient(VaultUri, Credential, options);
    }

    /// <summary>Adds a new current version of the secret (creating the secret if needed); returns the version id.</summary>
    public string SetSecret(
        string name,
        string value,
        IReadOnlyDictionary<string, string>? tags = null,
        bool enabled = true,
        DateTimeOffset? expiresOn = null,
        DateTimeOffset? notBefore = null)
    {
        lock (_gate)
        {
            var stamp = NextStamp();
            var version = (++_versions).ToString("x32", CultureInfo.InvariantCulture);
            if (!_secrets.TryGetValue(name, out var versions))
            {
                _secrets[name] = versions = [];
            }

            versions.Add(new FakeSecretVersion(name, version, value)
            {
                Enabled = enabled,
                ExpiresOn = expiresOn,
                NotBefore = notBefore,
                Created = stamp,
                Updated = stamp,
                Tags = new Dictionary<string, string>(tags ?? new Dictionary<string, string>()),
            });
            return version;
        }
    }

    /// <summary>Changes the current version's attributes or tags, as <c>az keyvault secret set-attributes</c> does.</summary>
    public void UpdateProperties(string name, bool? enabled = null, IReadOnlyDictionary<string, string>? tags = null, DateTimeOffset? expiresOn = null)
    {
        lock (_gate)
        {
            var current = _secrets[name][^1];
            current.Enabled = enabled ?? current.Enabled;
            current.Tags = tags is null ? current.Tags : new Dictionary<string, string>(tags);
            current.ExpiresOn = expiresOn ?? current.ExpiresOn;
            current.Updated = NextStamp();
        }
    }

    public void DeleteSecret(string name)
    {
        lock (_gate)
        {
            _secrets.Remove(name);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _certificate.Dispose();
    }

    private static X509Certificate2 CreateCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new System.Security.Cryptography.Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));

        // Round-trip through PKCS#12 so the TLS stack gets a certificate with a persisted private key.
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
    }

    private static string PathOf(string pathAndQuery) => pathAndQuery.Split('?')[0].TrimEnd('/');

    private static bool IsGetSecret(string pathAndQuery) => PathOf(pathAndQuery).StartsWith("/secrets/", StringComparison.Ordinal);

    private static string SecretNameOf(string pathAndQuery) => PathOf(pathAndQuery).Split('/')[2];

    private DateTimeOffset NextStamp() => _stamp = _stamp.AddSeconds(1);

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var headers = request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString());
        _requests.Enqueue(new RecordedRequest(request.Method, request.Path + request.QueryString, headers, []));

        if (!string.Equals(request.Headers.Authorization.ToString(), "Bearer " + Token, StringComparison.Ordinal))
        {
            // What Key Vault answers a request without a (valid) token: the challenge the client authenticates by.
            context.Response.Headers.WWWAuthenticate =
                $"Bearer authorization=\"https://login.microsoftonline.com/{TenantId}\", resource=\"https://vault.azure.net\"";
            await Error(context, 401, "Unauthorized", "AKV10000: Request is missing a Bearer or PoP token.");
            return;
        }

        if (string.IsNullOrEmpty(request.Query["api-version"]))
        {
            await Error(context, 400, "BadParameter", "The request is missing the required api-version.");
            return;
        }

        if (FailureStatus is { } status)
        {
            await Error(context, status, "ServiceUnavailable", "The fake vault was told to fail.");
            return;
        }

        var segments = request.Path.Value!.Trim('/').Split('/');
        if (request.Method == "GET" && segments is ["secrets"])
        {
            await ListAsync(context);
        }
        else if (request.Method == "GET" && segments.Length is 2 or 3 && segments[0] == "secrets")
        {
            await GetAsync(context, segments[1], segments.Length == 3 ? segments[2] : "");
        }
        else
        {
            await Error(context, 404, "NotFound", "No such route in the fake vault.");
        }
    }

    private async Task ListAsync(HttpContext context)
    {
        var skip = int.TryParse(context.Request.Query["$skiptoken"], CultureInfo.InvariantCulture, out var s) ? s : 0;
        List<FakeSecretVersion> page;
        bool more;
        lock (_gate)
        {
            var current = _secrets.Values.Select(v => v[^1]).OrderBy(v => v.Name, StringComparer.OrdinalIgnoreCase).ToList();
            page = current.Skip(skip).Take(PageSize).Select(v => v.Copy()).ToList();
            more = skip + PageSize < current.Count;
        }

        await WriteJson(context, 200, writer =>
        {
            writer.WriteStartArray("value");
            foreach (var version in page)
            {
                writer.WriteStartObject();
                writer.WriteString("id", new Uri(VaultUri, "secrets/" + version.Name).ToString());
                WriteAttributesAndTags(writer, version);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            if (more)
            {
                var apiVersion = context.Request.Query["api-version"].ToString();
                writer.WriteString("nextLink", new Uri(VaultUri, $"secrets?api-version={apiVersion}&$skiptoken={skip + PageSize}&maxresults={PageSize}").ToString());
            }
            else
            {
                writer.WriteNull("nextLink");
            }
        });
    }

    private async Task GetAsync(HttpContext context, string name, string version)
    {
        FakeSecretVersion? found;
        lock (_gate)
        {
            found = _secrets.TryGetValue(name, out var versions)
                ? (version.Length == 0 ? versions[^1] : versions.Find(v => v.Version == version))?.Copy()
                : null;
        }

        if (found is null)
        {
            await Error(context, 404, "SecretNotFound", $"A secret with (name/id) {name}/{version} was not found in this key vault.");
            return;
        }

        if (!found.Enabled)
        {
            await Error(context, 403, "Forbidden", "Operation get is not allowed on a disabled secret.", innerCode: "SecretDisabled");
            return;
        }

        await WriteJson(context, 200, writer =>
        {
            writer.WriteString("value", found.Value);
            writer.WriteString("id", new Uri(VaultUri, $"secrets/{found.Name}/{found.Version}").ToString());
            WriteAttributesAndTags(writer, found);
        });
    }

    private static void WriteAttributesAndTags(Utf8JsonWriter writer, FakeSecretVersion version)
    {
        writer.WriteStartObject("attributes");
        writer.WriteBoolean("enabled", version.Enabled);
        if (version.NotBefore is { } notBefore)
        {
            writer.WriteNumber("nbf", notBefore.ToUnixTimeSeconds());
        }

        if (version.ExpiresOn is { } expiresOn)
        {
            writer.WriteNumber("exp", expiresOn.ToUnixTimeSeconds());
        }

        writer.WriteNumber("created", version.Created.ToUnixTimeSeconds());
        writer.WriteNumber("updated", version.Updated.ToUnixTimeSeconds());
        writer.WriteString("recoveryLevel", "Recoverable+Purgeable");
        writer.WriteNumber("recoverableDays", 90);
        writer.WriteEndObject();
        if (version.Tags.Count > 0)
        {
            writer.WriteStartObject("tags");
            foreach (var (tag, value) in version.Tags)
            {
                writer.WriteString(tag, value);
            }

            writer.WriteEndObject();
        }
    }

    private static Task Error(HttpContext context, int status, string code, string message, string? innerCode = null) =>
        WriteJson(context, status, writer =>
        {
            writer.WriteStartObject("error");
            writer.WriteString("code", code);
            writer.WriteString("message", message);
            if (innerCode is not null)
            {
                writer.WriteStartObject("innererror");
                writer.WriteString("code", innerCode);
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        });

    private static async Task WriteJson(HttpContext context, int status, Action<Utf8JsonWriter> body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }

        await context.Response.Body.WriteAsync(buffer.ToArray());
    }

    private sealed class FakeSecretVersion(string name, string version, string value)
    {
        public string Name { get; } = name;

        public string Version { get; } = version;

        public string Value { get; } = value;

        public bool Enabled { get; set; } = true;

        public DateTimeOffset? ExpiresOn { get; set; }

        public DateTimeOffset? NotBefore { get; set; }

        public DateTimeOffset Created { get; set; }

        public DateTimeOffset Updated { get; set; }

        public Dictionary<string, string> Tags { get; set; } = [];

        public FakeSecretVersion Copy() => new(Name, Version, Value)
        {
            Enabled = Enabled,
            ExpiresOn = ExpiresOn,
            NotBefore = NotBefore,
            Created = Created,
            Updated = Updated,
            Tags = new Dictionary<string, string>(Tags),
        };
    }
}
