using System.Net;
using LlmGateway.Storage.Tables;

namespace LlmGateway.Tests.Unit.Storage;

public class TableBatchResponseTests
{
    private const string Success =
        "--batchresponse_1\r\nContent-Type: multipart/mixed; boundary=changesetresponse_2\r\n\r\n" +
        "--changesetresponse_2\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\n" +
        "HTTP/1.1 204 No Content\r\nDataServiceVersion: 3.0;\r\nETag: W/\"datetime'a'\"\r\n\r\n\r\n" +
        "--changesetresponse_2\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\n" +
        "HTTP/1.1 204 No Content\r\nDataServiceVersion: 3.0;\r\n\r\n\r\n" +
        "--changesetresponse_2--\r\n--batchresponse_1--\r\n";

    private const string Failure =
        "--batchresponse_1\r\nContent-Type: multipart/mixed; boundary=changesetresponse_2\r\n\r\n" +
        "--changesetresponse_2\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\n" +
        "HTTP/1.1 409 Conflict\r\nContent-ID: 2\r\nContent-Type: application/json;odata=minimalmetadata;charset=utf-8\r\n\r\n" +
        "{\"odata.error\":{\"code\":\"EntityAlreadyExists\",\"message\":{\"lang\":\"en-US\",\"value\":\"1:The specified entity already exists.\\nRequestId:abc\\nTime:2025\"}}}\r\n" +
        "--changesetresponse_2--\r\n--batchresponse_1--\r\n";

    [Fact]
    public void Parse_CommittedBatch_OnePartPerOperationWithETags()
    {
        var parts = TableBatchResponse.Parse(Success);

        Assert.Equal([204, 204], parts.Select(p => p.Status));
        Assert.Equal("W/\"datetime'a'\"", parts[0].Headers["etag"]);
        Assert.False(parts[1].Headers.ContainsKey("ETag"));
    }

    [Fact]
    public void Parse_RejectedBatch_ErrorPartWithBody()
    {
        var part = Assert.Single(TableBatchResponse.Parse(Failure));

        Assert.Equal(409, part.Status);
        Assert.StartsWith("{\"odata.error\"", part.Body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("3:The specified entity already exists.", 3)]
    [InlineData("99:x", 99)]
    [InlineData("The batch request body is malformed.", null)]
    [InlineData("x3:no", null)]
    [InlineData(null, null)]
    public void FailedIndex_MessagePrefix_IsTheOperationIndex(string? message, int? expected)
    {
        Assert.Equal(expected, TableBatchResponse.FailedIndex(message));
    }

    [Fact]
    public async Task SubmitBatch_ServiceRejectsOperation_ThrowsWithIndexCodeAndFirstMessageLine()
    {
        var stub = new StubTableHandler((_, _) =>
        {
            var response = StubTableHandler.Response(HttpStatusCode.Accepted);
            response.Content = new StringContent(Failure);
            response.Content.Headers.TryAddWithoutValidation("Content-Type", "multipart/mixed; boundary=batchresponse_1");
            return response;
        });
        var table = TableStoreFactory.Create(new() { ConnectionString = "UseDevelopmentStorage=true" }, null, stub.Options()).GetTableClient("orders");

        var error = await Assert.ThrowsAsync<TableRequestFailedException>(() => table.SubmitBatchAsync(
            [TableBatchOperation.Insert(new TableEntity("p", "a")), TableBatchOperation.Insert(new TableEntity("p", "b"))]));

        Assert.Equal((409, "EntityAlreadyExists", 1), (error.Status, error.ErrorCode, error.FailedOperationIndex));
        Assert.Equal("Table batch on 'gatewayorders' failed: 409 EntityAlreadyExists at operation 1: The specified entity already exists.", error.Message);
        var request = Assert.Single(stub.Requests);
        Assert.Equal("http://127.0.0.1:10002/devstoreaccount1/$batch", request.Uri.ToString());
        Assert.StartsWith("multipart/mixed; boundary=batch_", request.Header("Content-Type"), StringComparison.Ordinal);
    }
}
