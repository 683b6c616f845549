using Azure;

namespace LlmGateway.Storage.Tables;

/// <summary>The outcome of a committed entity group transaction: each operation's new ETag (default for deletes), in order.</summary>
internal sealed record TableBatchResult(IReadOnlyList<ETag> ETags);
