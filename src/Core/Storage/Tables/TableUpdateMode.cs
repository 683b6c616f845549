namespace LlmGateway.Storage.Tables;

/// <summary>How a write combines with an entity that already exists.</summary>
internal enum TableUpdateMode
{
    /// <summary>Keep the stored properties the entity does not mention (HTTP MERGE).</summary>
    Merge,

    /// <summary>Replace the stored entity as a whole (HTTP PUT).</summary>
    Replace,
}
