using System.Runtime.InteropServices;
using System.Text.Json;

namespace LlmGateway.Protocols.Gemini;

/// <summary>The keywords the sanitiser knows, and how it rewrites types, enums, formats, properties and required.</summary>
internal static partial class GeminiSchema
{
    /// <summary>Every keyword read; those from <see cref="Minimum"/> to <see cref="PropertyOrdering"/> are copied as they are.</summary>
    private enum Keyword
    {
        None = -1,
        Type,
        Format,
        Title,
        Description,
        Enum,
        Const,
        Items,
        AnyOf,
        OneOf,
        Nullable,
        Minimum,
        Maximum,
        MinItems,
        MaxItems,
        MinLength,
        MaxLength,
        MinProperties,
        MaxProperties,
        Pattern,
        Example,
        PropertyOrdering,
        Count,

        // Read for their effect, not kept in a slot.
        Ref,
        AllOf,
        Properties,
        Required,
    }

    private static readonly byte[][] Names =
    [
        "type"u8.ToArray(), "format"u8.ToArray(), "title"u8.ToArray(), "description"u8.ToArray(), "enum"u8.ToArray(),
        "const"u8.ToArray(), "items"u8.ToArray(), "anyOf"u8.ToArray(), "oneOf"u8.ToArray(), "nullable"u8.ToArray(),
        "minimum"u8.ToArray(), "maximum"u8.ToArray(), "minItems"u8.ToArray(), "maxItems"u8.ToArray(), "minLength"u8.ToArray(),
        "maxLength"u8.ToArray(), "minProperties"u8.ToArray(), "maxProperties"u8.ToArray(), "pattern"u8.ToArray(),
        "example"u8.ToArray(), "propertyOrdering"u8.ToArray(),
    ];

    /// <summary>The keyword a member names, by its raw UTF-8 name (length first, then bytes); <see cref="Keyword.None"/> for the rest.</summary>
    private static Keyword KeywordOf(ReadOnlySpan<byte> name) =>
        name.Length switch
        {
            4 => name.SequenceEqual("type"u8) ? Keyword.Type : name.SequenceEqual("enum"u8) ? Keyword.Enum : name.SequenceEqual("$ref"u8) ? Keyword.Ref : Keyword.None,
            5 => name.SequenceEqual("items"u8) ? Keyword.Items : name.SequenceEqual("title"u8) ? Keyword.Title
                : name.SequenceEqual("anyOf"u8) ? Keyword.AnyOf : name.SequenceEqual("oneOf"u8) ? Keyword.OneOf
                : name.SequenceEqual("allOf"u8) ? Keyword.AllOf : name.SequenceEqual("const"u8) ? Keyword.Const : Keyword.None,
            6 => name.SequenceEqual("format"u8) ? Keyword.Format : Keyword.None,
            7 => name.SequenceEqual("minimum"u8) ? Keyword.Minimum : name.SequenceEqual("maximum"u8) ? Keyword.Maximum
                : name.SequenceEqual("pattern"u8) ? Keyword.Pattern : name.SequenceEqual("example"u8) ? Keyword.Example : Keyword.None,
            8 => name.SequenceEqual("required"u8) ? Keyword.Required : name.SequenceEqual("nullable"u8) ? Keyword.Nullable
                : name.SequenceEqual("minItems"u8) ? Keyword.MinItems : name.SequenceEqual("maxItems"u8) ? Keyword.MaxItems : Keyword.None,
            9 => name.SequenceEqual("minLength"u8) ? Keyword.MinLength : name.SequenceEqual("maxLength"u8) ? Keyword.MaxLength : Keyword.None,
            10 => name.SequenceEqual("properties"u8) ? Keyword.Properties : Keyword.None,
            11 => name.SequenceEqual("description"u8) ? Keyword.Description : Keyword.None,
            13 => name.SequenceEqual("minProperties"u8) ? Keyword.MinProperties : name.SequenceEqual("maxProperties"u8) ? Keyword.MaxProperties : Keyword.None,
            16 => name.SequenceEqual("propertyOrdering"u8) ? Keyword.PropertyOrdering : Keyword.None,
            _ => Keyword.None,
        };
}
