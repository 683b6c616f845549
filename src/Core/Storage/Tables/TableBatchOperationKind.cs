namespace LlmGateway.Storage.Tables;

/// <summary>The kinds of operation an entity group transaction can hold.</summary>
internal enum TableBatchOperationKind
{
    /// <summary>Insert; fails with 409 when the entity exists.</summary>
    Insert,

    /// <summary>Insert, or merge into the existing entity.</summary>
    UpsertMerge,

    /// <summary>Insert, or replace the existing entity.</summary>
    UpsertReplace,

    /// <summary>Merge into the existing entity when its ETag matches.</summary>
    UpdateMerge,

    /// <summary>Replace the existing entity when its ETag matches.</summary>
    UpdateReplace,

    /// <summary>Delete the entity when its ETag matches.</summary>
    Delete,
}
