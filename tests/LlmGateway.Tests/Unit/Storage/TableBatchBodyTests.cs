using System.Text;
using Azure;
using LlmGateway.Storage.Tables;

namespace LlmGateway.Tests.Unit.Storage;

public class TableBatchBodyTests
{
    [Fact]
    public void Write_InsertMergeDelete_ExactMultipartLayout()
    {
        var operations = new[]
        {
            TableBatchOperation.Insert(new TableEntity("p", "1") { ["A"] = 1 }),
            TableBatchOperation.Update(new TableEntity("p", "it's") { ["B"] = "b" }, new ETag("W/\"datetime'x'\""), TableUpdateMode.Merge),
            TableBatchOperation.Delete("p", "3"),
        };

        var body = Encoding.UTF8.GetString(TableBatchBody.Write("https://acct.table.core.windows.net", "orders", operations, "batch_B", "changeset_C"));

        var expected = string.Join("\r\n",
            "--batch_B",
            "Content-Type: multipart/mixed; boundary=changeset_C",
            "",
            "--changeset_C",
            "Content-Type: application/http",
            "Content-Transfer-Encoding: binary",
            "",
            "POST https://acct.table.core.windows.net/orders HTTP/1.1",
            "Accept: application/json;odata=minimalmetadata",
            "DataServiceVersion: 3.0;",
            "Prefer: return-no-content",
            "Content-Type: application/json",
            "",
            """{"PartitionKey":"p","RowKey":"1","A":1}""",
            "--changeset_C",
            "Content-Type: application/http",
            "Content-Transfer-Encoding: binary",
            "",
            "MERGE https://acct.table.core.windows.net/orders(PartitionKey='p',RowKey='it%27%27s') HTTP/1.1",
            "Accept: application/json;odata=minimalmetadata",
            "DataServiceVersion: 3.0;",
            "If-Match: W/\"datetime'x'\"",
            "Content-Type: application/json",
            "",
            """{"PartitionKey":"p","RowKey":"it's","B":"b"}""",
            "--changeset_C",
            "Content-Type: application/http",
            "Content-Transfer-Encoding: binary",
            "",
            "DELETE https://acct.table.core.windows.net/orders(PartitionKey='p',RowKey='3') HTTP/1.1",
            "Accept: application/json;odata=minimalmetadata",
            "DataServiceVersion: 3.0;",
            "If-Match: *",
            "",
            "",
            "--changeset_C--",
            "",
            "--batch_B--",
            "");
        Assert.Equal(expected, body);
    }

    [Fact]
    public void ValidateBatch_101Operations_Throws()
    {
        var operations = Enumerable.Range(0, 101).Select(i => TableBatchOperation.Insert(new TableEntity("p", $"{i}"))).ToList();

        var error = Assert.Throws<ArgumentException>(() => TableClient.ValidateBatch(operations));

        Assert.Contains("1 to 100 operations, not 101", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidateBatch_100OperationsOnePartition_Passes()
    {
        var operations = Enumerable.Range(0, 100).Select(i => TableBatchOperation.Delete("p", $"{i}")).ToList();

        var exception = Record.Exception(() => TableClient.ValidateBatch(operations));

        Assert.Null(exception);
    }

    [Fact]
    public void ValidateBatch_Empty_Throws()
    {
        Assert.Throws<ArgumentException>(() => TableClient.ValidateBatch([]));
    }

    [Fact]
    public void ValidateBatch_SecondPartition_ThrowsNamingTheOperation()
    {
        var error = Assert.Throws<ArgumentException>(() => TableClient.ValidateBatch(
            [TableBatchOperation.Insert(new TableEntity("a", "1")), TableBatchOperation.Insert(new TableEntity("a", "2")), TableBatchOperation.Delete("b", "3")]));

        Assert.Contains("operation 2 is on another partition", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidateBatch_SameEntityTwice_ThrowsNamingTheOperation()
    {
        var error = Assert.Throws<ArgumentException>(() => TableClient.ValidateBatch(
            [TableBatchOperation.Insert(new TableEntity("a", "1")), TableBatchOperation.Delete("a", "1")]));

        Assert.Contains("operation 1 repeats the RowKey", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Update_NoETag_Throws()
    {
        Assert.Throws<ArgumentException>(() => TableBatchOperation.Update(new TableEntity("a", "1"), default, TableUpdateMode.Replace));
    }
}
