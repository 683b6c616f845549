namespace LlmGateway.Tests.Unit.Storage;

/// <summary>One request as <see cref="StubTableHandler"/> received it.</summary>
internal sealed record RecordedTableRequest(string Method, Uri Uri, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public string? Header(string name) => Headers.GetValueOrDefault(name);
}
