using LlmGateway.Storage.Tables;

namespace LlmGateway.Tests.Unit.Storage;

public class TableKeysTests
{
    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("o'brien", "o%27%27brien")]
    [InlineData("a b%c", "a%20b%25c")]
    [InlineData("100% & more=+", "100%25%20%26%20more%3D%2B")]
    [InlineData("é日", "%C3%A9%E6%97%A5")]
    [InlineData("", "")]
    public void EscapeKey_SpecialCharacters_QuotesDoubledThenPercentEncoded(string key, string expected)
    {
        var escaped = TableKeys.EscapeKey(key);

        Assert.Equal(expected, escaped);
    }

    [Fact]
    public void EntityPath_Keys_WritesODataKeyPredicate()
    {
        var path = TableKeys.EntityPath("orders", "it's", "r(1)");

        Assert.Equal("orders(PartitionKey='it%27%27s',RowKey='r%281%29')", path);
    }

    [Theory]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    [InlineData("a#b")]
    [InlineData("a?b")]
    [InlineData("a\tb")]
    [InlineData("a\u007fb")]
    public void ValidateKey_ForbiddenCharacter_Throws(string key)
    {
        var error = Assert.Throws<ArgumentException>(() => new TableEntity("p", key));

        Assert.Contains("may not contain", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("Gateway01")]
    [InlineData("a23456789012345678901234567890123456789012345678901234567890123")]
    public void ValidateTableName_Valid_ReturnsName(string name)
    {
        Assert.Equal(name, TableKeys.ValidateTableName(name));
    }

    [Theory]
    [InlineData("ab")]
    [InlineData("1abc")]
    [InlineData("ab-c")]
    [InlineData("tables")]
    [InlineData("a234567890123456789012345678901234567890123456789012345678901234")]
    public void ValidateTableName_Invalid_ThrowsNamingTheRule(string name)
    {
        var error = Assert.Throws<ArgumentException>(() => TableKeys.ValidateTableName(name));

        Assert.Contains("3 to 63 letters and digits", error.Message, StringComparison.Ordinal);
    }
}
