using System.Text.Json;

using LlmGateway.Protocols.Gemini;

namespace LlmGateway.Tests.Unit.Protocols.Gemini.Reference;

/// <summary>
/// The Gemini schema sanitiser as it was written first, over <see cref="JsonElement"/>s: the test oracle the gateway's
/// byte sanitiser (<see cref="GeminiSchema.Write(Utf8JsonWriter, ReadOnlySpan{byte})"/>) must agree with byte for byte.
/// </summary>
internal static partial class ReferenceGeminiSchema
{
    private const int MaxDepth = 32;
    private const int MaxRefChain = 8;

    /// <summary>True when the schema declares no parameter: Gemini rejects an object schema with empty properties.</summary>
    public static bool DeclaresNothing(JsonElement schema)
    {
        if (schema.ValueKind != JsonValueKind.Object)
        {
            return true;
        }

        var context = Context.Start(schema);
        try
        {
            var node = context.Rent(0);
            node.Collect(schema, context);
            return !node.HasProperties && !node.Has(Keyword.AnyOf) && !node.Has(Keyword.OneOf) && !node.Has(Keyword.Items);
        }
        finally
        {
            context.Finish();
        }
    }

    /// <summary>Writes the sanitised schema as the next value.</summary>
    public static void Write(Utf8JsonWriter writer, JsonElement schema)
    {
        var context = Context.Start(schema);
        try
        {
            WriteNode(writer, schema, context, 0);
        }
        finally
        {
            context.Finish();
        }
    }

    private static void WriteNode(Utf8JsonWriter writer, JsonElement schema, Context context, int depth)
    {
        if (schema.ValueKind != JsonValueKind.Object || depth > MaxDepth)
        {
            writer.WriteStartObject();
            if (depth > MaxDepth)
            {
                writer.WriteString("type"u8, "object"u8);
            }

            writer.WriteEndObject();
            return;
        }

        var node = context.Rent(depth);
        node.Collect(schema, context);
        try
        {
            writer.WriteStartObject();
            if (node.Recursive)
            {
                writer.WriteString("type"u8, "object"u8);
                node.Copy(writer, Keyword.Title);
                node.Copy(writer, Keyword.Description);
            }
            else
            {
                WriteMembers(writer, node, context, depth);
            }

            writer.WriteEndObject();
        }
        finally
        {
            context.ActiveRefs.RemoveRange(context.ActiveRefs.Count - node.PushedRefs, node.PushedRefs);
        }
    }

    private static void WriteMembers(Utf8JsonWriter writer, Node node, Context context, int depth)
    {
        var nullable = node.Nullable || node.Get(Keyword.Nullable).ValueKind == JsonValueKind.True;
        string? type = null;
        List<string>? types = null;
        ReadTypes(node.Get(Keyword.Type), ref type, ref types, ref nullable);
        var enumValues = EnumValues(node, ref nullable);
        var branches = node.Has(Keyword.AnyOf) ? node.Get(Keyword.AnyOf) : node.Get(Keyword.OneOf);
        var nonNullBranches = branches.ValueKind == JsonValueKind.Array ? CountNonNull(branches) : 0;
        nullable |= branches.ValueKind == JsonValueKind.Array && nonNullBranches < branches.GetArrayLength();
        var items = node.Get(Keyword.Items);
        type ??= enumValues is not null ? "string"
            : node.HasProperties ? "object"
            : items.ValueKind != JsonValueKind.Undefined ? "array"
            : null;
        if (type is not null)
        {
            writer.WriteString("type"u8, type);
        }

        if (nullable)
        {
            writer.WriteBoolean("nullable"u8, true);
        }

        var format = node.Get(Keyword.Format);
        if (format.ValueKind == JsonValueKind.String && FormatAllowed(type, format))
        {
            writer.WritePropertyName("format"u8);
            format.WriteTo(writer);
        }

        node.Copy(writer, Keyword.Title);
        node.Copy(writer, Keyword.Description);
        if (enumValues is not null)
        {
            writer.WriteStartArray("enum"u8);
            foreach (var value in enumValues)
            {
                value.WriteTo(writer);
            }

            writer.WriteEndArray();
        }

        if (node.HasProperties)
        {
            WriteProperties(writer, node, context, depth);
        }

        if (items.ValueKind is JsonValueKind.Object or JsonValueKind.Array)
        {
            writer.WritePropertyName("items"u8);
            WriteNode(writer, items.ValueKind == JsonValueKind.Array && items.GetArrayLength() > 0 ? items[0] : items, context, depth + 1);
        }

        if (nonNullBranches >= 2)
        {
            writer.WriteStartArray("anyOf"u8);
            foreach (var branch in branches.EnumerateArray())
            {
                if (!IsNullSchema(branch))
                {
                    WriteNode(writer, branch, context, depth + 1);
                }
            }

            writer.WriteEndArray();
        }
        else if (types is { Count: > 1 })
        {
            writer.WriteStartArray("anyOf"u8);
            foreach (var each in types)
            {
                writer.WriteStartObject();
                writer.WriteString("type"u8, each);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        for (var keyword = Keyword.Minimum; keyword <= Keyword.PropertyOrdering; keyword++)
        {
            node.Copy(writer, keyword);
        }
    }
}
