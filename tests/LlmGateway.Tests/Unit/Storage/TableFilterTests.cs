using LlmGateway.Storage.Tables;

namespace LlmGateway.Tests.Unit.Storage;

public class TableFilterTests
{
    [Fact]
    public void Create_StringTryingToBreakOut_StaysOneLiteral()
    {
        var hostile = "x' or 'a' eq 'a";

        var filter = TableFilter.Create($"PartitionKey eq {hostile}");

        Assert.Equal("PartitionKey eq 'x'' or ''a'' eq ''a'", filter);
    }

    [Fact]
    public void Create_EveryType_WritesODataLiterals()
    {
        var when = new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.FromHours(1)).AddTicks(6);
        var id = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e");

        var filter = TableFilter.Create($"S eq {"a"} and B eq {true} and I eq {-7} and L eq {7L} and D eq {2.0} and F eq {0.25} and T ge {when} and G eq {id} and X eq {new byte[] { 0x0a, 0xff }}");

        Assert.Equal(
            "S eq 'a' and B eq true and I eq -7 and L eq 7L and D eq 2.0 and F eq 0.25 and T ge datetime'2025-01-02T02:04:05.0000006Z' and G eq guid'0f8fad5b-d9cb-469f-a165-70867728950e' and X eq X'0aff'",
            filter);
    }

    [Fact]
    public void Literal_UnsupportedOrNull_Throws()
    {
        Assert.Throws<ArgumentException>(() => TableFilter.Literal(1.5m));
        Assert.Throws<ArgumentException>(() => TableFilter.Literal(double.NaN));
        Assert.Throws<ArgumentNullException>(() => TableFilter.Literal(null));
    }

    [Fact]
    public void And_SkipsEmptyConditionsAndParenthesisesTheRest()
    {
        var filter = TableFilter.And(TableFilter.Equal("PartitionKey", "p"), null, " ", "Count gt 1 or Count lt 0");

        Assert.Equal("(PartitionKey eq 'p') and (Count gt 1 or Count lt 0)", filter);
    }

    [Fact]
    public void QueryString_PartitionFilterSelectTop_EncodesEachParameter()
    {
        var query = new TableQuery { PartitionKey = "o'b", Filter = "N ge 4", Select = ["N", "RowKey", "Name"], MaxPerPage = 50 };

        var text = TableClient.QueryString(query);

        Assert.Equal("?$filter=%28PartitionKey%20eq%20%27o%27%27b%27%29%20and%20%28N%20ge%204%29&$select=PartitionKey%2CRowKey%2CN%2CName&$top=50", text);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1001)]
    public void QueryString_MaxPerPageOutOfRange_Throws(int top)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => TableClient.QueryString(new TableQuery { MaxPerPage = top }));
    }

    [Fact]
    public void QueryString_Empty_IsEmpty()
    {
        Assert.Equal(string.Empty, TableClient.QueryString(new TableQuery()));
    }
}
