using System.Text;
using System.Text.Json;
using Azure;
using LlmGateway.Storage.Tables;

namespace LlmGateway.Tests.Unit.Storage;

public class TableEntityJsonTests
{
    [Fact]
    public void Serialize_EveryType_AnnotatesTypesJsonCannotCarry()
    {
        var entity = new TableEntity("p", "r")
        {
            ["S"] = "text",
            ["B"] = false,
            ["I"] = 42,
            ["L"] = 9_007_199_254_740_993L,
            ["D"] = 2.0,
            ["N"] = double.NaN,
            ["T"] = new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.FromHours(-5)).AddTicks(1),
            ["G"] = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e"),
            ["X"] = new byte[] { 1, 2, 3 },
        };

        var json = Encoding.UTF8.GetString(TableEntityJson.Serialize(entity));

        Assert.Equal(
            """{"PartitionKey":"p","RowKey":"r","S":"text","B":false,"I":42,"L@odata.type":"Edm.Int64","L":"9007199254740993","D@odata.type":"Edm.Double","D":2,"N@odata.type":"Edm.Double","N":"NaN","T@odata.type":"Edm.DateTime","T":"2025-01-02T08:04:05.0000001Z","G@odata.type":"Edm.Guid","G":"0f8fad5b-d9cb-469f-a165-70867728950e","X@odata.type":"Edm.Binary","X":"AQID"}""",
            json);
    }

    [Fact]
    public void Read_MinimalMetadataAnswer_GivesTypedValuesETagAndTimestamp()
    {
        const string Json = """
            {"odata.metadata":"http://x/$metadata#t/@Element","odata.etag":"W/\"datetime'2025-01-01T00%3A00%3A00.1234567Z'\"",
             "PartitionKey":"p","RowKey":"r","Timestamp":"2025-01-01T00:00:00.1234567Z",
             "I":5,"D":2.0,"Big":3000000000,"L@odata.type":"Edm.Int64","L":"5","S":"5","F":true,
             "T@odata.type":"Edm.DateTime","T":"2024-02-03T04:05:06.7Z",
             "G@odata.type":"Edm.Guid","G":"0f8fad5b-d9cb-469f-a165-70867728950e",
             "X@odata.type":"Edm.Binary","X":"AQID",
             "Inf@odata.type":"Edm.Double","Inf":"Infinity"}
            """;

        var entity = TableEntityJson.Read(JsonDocument.Parse(Json).RootElement);

        Assert.Equal(("p", "r"), (entity.PartitionKey, entity.RowKey));
        Assert.Equal(new ETag("W/\"datetime'2025-01-01T00%3A00%3A00.1234567Z'\""), entity.ETag);
        Assert.Equal(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero).AddTicks(1234567), entity.Timestamp);
        Assert.Equal(5, Assert.IsType<int>(entity["I"]));
        Assert.Equal(2.0, Assert.IsType<double>(entity["D"]));
        Assert.Equal(3_000_000_000L, Assert.IsType<long>(entity["Big"]));
        Assert.Equal(5L, Assert.IsType<long>(entity["L"]));
        Assert.Equal("5", Assert.IsType<string>(entity["S"]));
        Assert.True(entity.GetBoolean("F"));
        Assert.Equal(new DateTimeOffset(2024, 2, 3, 4, 5, 6, 700, TimeSpan.Zero), entity.GetDateTimeOffset("T"));
        Assert.Equal(Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e"), entity.GetGuid("G"));
        Assert.Equal([1, 2, 3], entity.GetBinary("X"));
        Assert.Equal(double.PositiveInfinity, entity.GetDouble("Inf"));
        Assert.Equal(["I", "D", "Big", "L", "S", "F", "T", "G", "X", "Inf"], entity.Properties.Keys);
    }

    [Fact]
    public void Read_NoKeys_ThrowsJsonException()
    {
        Assert.Throws<JsonException>(() => TableEntityJson.Read(JsonDocument.Parse("""{"RowKey":"r"}""").RootElement));
    }

    [Fact]
    public void Indexer_UnsupportedTypeOrReservedName_Throws()
    {
        var entity = new TableEntity("p", "r");

        Assert.Throws<ArgumentException>(() => entity["M"] = 1.5m);
        Assert.Throws<ArgumentException>(() => entity["PartitionKey"] = "x");
        Assert.Throws<ArgumentException>(() => entity["A@odata.type"] = "Edm.Int64");
        Assert.Empty(entity.Properties);
    }

    [Fact]
    public void Getters_WideningAndWrongType_WidenIntsAndRejectOthers()
    {
        var entity = new TableEntity("p", "r") { ["I"] = 7, ["S"] = "7" };
        entity["Gone"] = 1;
        entity["Gone"] = null;

        Assert.Equal(7L, entity.GetInt64("I"));
        Assert.Equal(7.0, entity.GetDouble("I"));
        Assert.Null(entity.GetInt32("Missing"));
        Assert.Null(entity["Gone"]);
        Assert.Throws<InvalidCastException>(() => entity.GetInt32("S"));
    }
}
