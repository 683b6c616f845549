using System.Buffers;
using System.Text.Json;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using LlmGateway.Json;
using Microsoft.Extensions.Logging;

namespace LlmGateway.Storage.Tables;

/// <summary>
/// One table over the Table service's REST API (JSON, <c>x-ms-version: 2019-02-02</c>), sent through the store's
/// Azure.Core <see cref="HttpPipeline"/>, which signs, retries and times out each request.
/// </summary>
internal sealed partial class TableClient : ITableClient
{
    private static readonly RequestMethod Merge = new("MERGE");

    private readonly HttpPipeline _pipeline;
    private readonly string _endpoint;
    private readonly ILogger _logger;

    /// <param name="endpoint">The service endpoint, e.g. <c>https://acct.table.core.windows.net</c> or <c>http://127.0.0.1:10002/devstoreaccount1</c>.</param>
    public TableClient(HttpPipeline pipeline, Uri endpoint, string name, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(logger);
        _pipeline = pipeline;
        _endpoint = endpoint.GetLeftPart(UriPartial.Path).TrimEnd('/');
        _logger = logger;
        Name = TableKeys.ValidateTableName(name);
    }

    public string Name { get; }

    public async Task<bool> CreateIfNotExistsAsync(CancellationToken cancellationToken = default)
    {
        var body = new ArrayBufferWriter<byte>(64);
        using (var writer = new Utf8JsonWriter(body, JsonDefaults.Writer))
        {
            writer.WriteStartObject();
            writer.WriteString("TableName", Name);
            writer.WriteEndObject();
        }

        using var message = CreateMessage(RequestMethod.Post, "Tables", body.WrittenSpan.ToArray());
        message.Request.Headers.SetValue("Prefer", TableConstants.ReturnNoContent);
        var response = await SendAsync(message, cancellationToken).ConfigureAwait(false);
        if (response.Status is 201 or 204)
        {
            LogTableCreated(_logger, Name);
            return true;
        }

        var error = TableErrors.FromResponse(response, "create", Name);
        if (error.Status == 409 && error.ErrorCode == TableErrors.TableAlreadyExists)
        {
            return false;
        }

        throw Failed(error, "create");
    }

    public async Task<TableEntity?> GetAsync(string partitionKey, string rowKey, CancellationToken cancellationToken = default)
    {
        TableKeys.ValidateKey(partitionKey, nameof(partitionKey));
        TableKeys.ValidateKey(rowKey, nameof(rowKey));
        using var message = CreateMessage(RequestMethod.Get, TableKeys.EntityPath(Name, partitionKey, rowKey));
        var response = await SendAsync(message, cancellationToken).ConfigureAwait(false);
        if (response.Status == 200)
        {
            using var document = JsonDocument.Parse(response.Content.ToMemory());
            var entity = TableEntityJson.Read(document.RootElement);
            if (ETagOf(response) is var etag && etag != default)
            {
                entity.ETag = etag;
            }

            return entity;
        }

        var error = TableErrors.FromResponse(response, "get", Name);
        return IsMissingEntity(error) ? null : throw Failed(error, "get");
    }

    public async Task<ETag> InsertAsync(TableEntity entity, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entity);
        using var message = CreateMessage(RequestMethod.Post, Name, TableEntityJson.Serialize(entity));
        message.Request.Headers.SetValue("Prefer", TableConstants.ReturnNoContent);
        var response = await SendAsync(message, cancellationToken).ConfigureAwait(false);
        return response.Status is 201 or 204 ? ETagOf(response) : throw Failed(TableErrors.FromResponse(response, "insert", Name), "insert");
    }

    public Task<ETag> UpsertAsync(TableEntity entity, TableUpdateMode mode, CancellationToken cancellationToken = default) =>
        WriteAsync(entity, ifMatch: null, mode, "upsert", cancellationToken);

    public Task<ETag> UpdateAsync(TableEntity entity, ETag ifMatch, TableUpdateMode mode, CancellationToken cancellationToken = default)
    {
        if (ifMatch == default)
        {
            throw new ArgumentException("An update needs an ETag (ETag.All for any version).", nameof(ifMatch));
        }

        return WriteAsync(entity, ifMatch, mode, "update", cancellationToken);
    }

    public async Task<bool> DeleteAsync(string partitionKey, string rowKey, ETag? ifMatch = null, bool ignoreNotFound = true, CancellationToken cancellationToken = default)
    {
        TableKeys.ValidateKey(partitionKey, nameof(partitionKey));
        TableKeys.ValidateKey(rowKey, nameof(rowKey));
        using var message = CreateMessage(RequestMethod.Delete, TableKeys.EntityPath(Name, partitionKey, rowKey));
        message.Request.Headers.SetValue(HttpHeader.Names.IfMatch, (ifMatch is { } etag && etag != default ? etag : ETag.All).ToString());
        var response = await SendAsync(message, cancellationToken).ConfigureAwait(false);
        if (response.Status == 204)
        {
            return true;
        }

        var error = TableErrors.FromResponse(response, "delete", Name);
        return ignoreNotFound && IsMissingEntity(error) ? false : throw Failed(error, "delete");
    }

    private async Task<ETag> WriteAsync(TableEntity entity, ETag? ifMatch, TableUpdateMode mode, string operation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entity);
        var method = mode switch
        {
            TableUpdateMode.Merge => Merge,
            TableUpdateMode.Replace => RequestMethod.Put,
            _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "Unknown update mode."),
        };
        using var message = CreateMessage(method, TableKeys.EntityPath(Name, entity.PartitionKey, entity.RowKey), TableEntityJson.Serialize(entity));
        if (ifMatch is { } etag)
        {
            message.Request.Headers.SetValue(HttpHeader.Names.IfMatch, etag.ToString());
        }

        var response = await SendAsync(message, cancellationToken).ConfigureAwait(false);
        return response.Status == 204 ? ETagOf(response) : throw Failed(TableErrors.FromResponse(response, operation, Name), operation);
    }

    private HttpMessage CreateMessage(RequestMethod method, string pathAndQuery, byte[]? json = null)
    {
        var message = _pipeline.CreateMessage();
        var request = message.Request;
        request.Method = method;
        request.Uri.Reset(new Uri(_endpoint + "/" + pathAndQuery));
        request.Headers.SetValue("x-ms-version", TableConstants.ApiVersion);
        request.Headers.SetValue("DataServiceVersion", TableConstants.DataServiceVersion);
        request.Headers.SetValue("MaxDataServiceVersion", TableConstants.MaxDataServiceVersion);
        request.Headers.SetValue(HttpHeader.Names.Accept, TableConstants.AcceptMinimalMetadata);
        if (json is not null)
        {
            request.Headers.SetValue(HttpHeader.Names.ContentType, TableConstants.JsonContentType);
            request.Content = RequestContent.Create(json);
        }

        return message;
    }

    private async Task<Response> SendAsync(HttpMessage message, CancellationToken cancellationToken)
    {
        try
        {
            await _pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
        }
        catch (AggregateException ex) when (ex.InnerExceptions.Count > 0)
        {
            // Azure.Core's retry policy gathers the failed attempts into an AggregateException; callers get the one
            // documented failure instead: RequestFailedException with status 0, naming the last attempt's reason.
            cancellationToken.ThrowIfCancellationRequested();
            throw Unreachable(ex.InnerExceptions[^1].Message, ex.InnerExceptions.Count, ex);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            // The per-attempt network timeout, when no retry is left to gather it.
            throw Unreachable(ex.Message, 1, ex);
        }

        return message.Response;
    }

    private RequestFailedException Unreachable(string reason, int attempts, Exception inner) =>
        new(0, $"Table request on '{Name}' failed after {attempts} attempt(s): {reason}", errorCode: null, inner);

    private TableRequestFailedException Failed(TableRequestFailedException error, string operation)
    {
        LogRequestFailed(_logger, operation, Name, error.Status, error.ErrorCode);
        return error;
    }

    /// <summary>A missing entity, as opposed to a missing table (<c>TableNotFound</c>), which is an error.</summary>
    private static bool IsMissingEntity(TableRequestFailedException error) =>
        error.Status == 404 && error.ErrorCode != TableErrors.TableNotFound;

    /// <summary>The ETag header exactly as sent (<c>W/"datetime'…'"</c>), which If-Match must repeat byte for byte.</summary>
    private static ETag ETagOf(Response response) =>
        response.Headers.TryGetValue(HttpHeader.Names.ETag, out var value) && !string.IsNullOrEmpty(value) ? new ETag(value) : default;
}
