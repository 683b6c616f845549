using System.Buffers;
using System.Text.Json;

namespace LlmGateway.Protocols.Gemini;

/// <summary>
/// The sanitiser over a schema's UTF-8 text, from one <see cref="Utf8JsonReader"/> pass into a <see cref="Tape"/> and
/// no document.
/// </summary>
internal static partial class GeminiSchema
{
    /// <summary>
    /// True when the schema (one valid JSON value; empty for none) declares no parameter: Gemini rejects an object
    /// schema with empty properties.
    /// </summary>
    public static bool DeclaresNothing(ReadOnlySpan<byte> schema)
    {
        var context = Utf8Context.Start();
        try
        {
            return DeclaresNothing(context.Read(schema), context);
        }
        finally
        {
            context.Finish();
        }
    }

    /// <summary>Writes the sanitised schema (one valid JSON value; empty for none) as the next value.</summary>
    public static void Write(Utf8JsonWriter writer, ReadOnlySpan<byte> schema)
    {
        if (writer.Options.Indented)
        {
            WriteFromDocument(writer, schema);
            return;
        }

        var context = Utf8Context.Start();
        try
        {
            WriteNode(writer, context.Read(schema), 0, context, 0);
        }
        finally
        {
            context.Finish();
        }
    }

    /// <summary>
    /// Writes <c>"parameters": sanitised schema</c> unless the schema declares nothing (Gemini rejects an object without
    /// properties): <see cref="DeclaresNothing(ReadOnlySpan{byte})"/> and <see cref="Write(Utf8JsonWriter, ReadOnlySpan{byte})"/>
    /// over one read of the schema, or a copy of what an earlier request's identical schema became (the cache).
    /// </summary>
    public static void WriteParameters(Utf8JsonWriter writer, ReadOnlySpan<byte> schema)
    {
        if (writer.Options.Indented)
        {
            if (!DeclaresNothing(schema))
            {
                writer.WritePropertyName("parameters"u8);
                WriteFromDocument(writer, schema);
            }

            return;
        }

        if (TryWriteParametersCached(writer, schema))
        {
            return;
        }

        var context = Utf8Context.Start();
        try
        {
            var tape = context.Read(schema);
            if (!DeclaresNothing(tape, context))
            {
                writer.WritePropertyName("parameters"u8);
                WriteNode(writer, tape, 0, context, 0);
            }
        }
        finally
        {
            context.Finish();
        }
    }

    /// <summary>
    /// An indented writer: numbers are copied with <see cref="Utf8JsonWriter.WriteRawValue(ReadOnlySpan{byte}, bool)"/>,
    /// which does not indent, so sanitise compactly with the writer's escaping and write that again token by token
    /// (never so on the gateway's writers).
    /// </summary>
    private static void WriteFromDocument(Utf8JsonWriter writer, ReadOnlySpan<byte> schema)
    {
        var compact = new ArrayBufferWriter<byte>(schema.Length + 64);
        using (var inner = new Utf8JsonWriter(compact, new JsonWriterOptions { Encoder = writer.Options.Encoder, SkipValidation = true }))
        {
            Write(inner, schema);
        }

        using var document = JsonDocument.Parse(compact.WrittenMemory);
        document.RootElement.WriteTo(writer);
    }

    private static bool DeclaresNothing(in Tape tape, Utf8Context context)
    {
        if (tape.Type(0) != JsonTokenType.StartObject)
        {
            return true;
        }

        var node = context.Rent(0);
        node.Collect(tape, 0, context);
        context.ActiveRefs.Clear();
        return !node.HasProperties && !node.Has(Keyword.AnyOf) && !node.Has(Keyword.OneOf) && !node.Has(Keyword.Items);
    }

    private static void WriteNode(Utf8JsonWriter writer, in Tape tape, int schema, Utf8Context context, int depth) =>
        WriteNode(writer, default, named: false, tape, schema, context, depth);

    /// <summary>Writes the sanitised schema as a member named <paramref name="name"/> (unescaped UTF-8), or as the next value when not <paramref name="named"/>.</summary>
    private static void WriteNode(Utf8JsonWriter writer, scoped ReadOnlySpan<byte> name, bool named, in Tape tape, int schema, Utf8Context context, int depth)
    {
        if (named)
        {
            writer.WriteStartObject(name);
        }
        else
        {
            writer.WriteStartObject();
        }

        if (tape.Type(schema) != JsonTokenType.StartObject || depth > MaxDepth)
        {
            if (depth > MaxDepth)
            {
                writer.WriteString("type"u8, "object"u8);
            }

            writer.WriteEndObject();
            return;
        }

        var node = context.Rent(depth);
        node.Collect(tape, schema, context);
        if (node.Recursive)
        {
            writer.WriteString("type"u8, "object"u8);
            node.Copy(writer, tape, Keyword.Title);
            node.Copy(writer, tape, Keyword.Description);
        }
        else
        {
            WriteMembers(writer, tape, node, context, depth);
        }

        writer.WriteEndObject();

        // Not in a finally: a run that throws is over, and Utf8Context.Finish clears the references.
        if (node.PushedRefs > 0)
        {
            context.ActiveRefs.RemoveRange(context.ActiveRefs.Count - node.PushedRefs, node.PushedRefs);
        }
    }

    private static void WriteMembers(Utf8JsonWriter writer, in Tape tape, Utf8Node node, Utf8Context context, int depth)
    {
        var nullable = node.Nullable || tape.Type(node.Get(Keyword.Nullable)) == JsonTokenType.True;
        var typeValue = node.Get(Keyword.Type);
        var type = ReadType(tape, typeValue, out var severalTypes, ref nullable);
        var enumValues = EnumValues(tape, node, ref nullable);
        var branches = node.Has(Keyword.AnyOf) ? node.Get(Keyword.AnyOf) : node.Get(Keyword.OneOf);
        var branchCount = 0;
        var nonNullBranches = tape.Type(branches) == JsonTokenType.StartArray ? CountNonNull(tape, branches, out branchCount) : 0;
        nullable |= nonNullBranches < branchCount;
        var items = node.Get(Keyword.Items);
        type ??= enumValues >= 0 ? "string"
            : node.HasProperties ? "object"
            : items >= 0 ? "array"
            : null;
        if (type is not null)
        {
            WriteType(writer, type);
        }

        if (nullable)
        {
            writer.WriteBoolean("nullable"u8, true);
        }

        var format = node.Get(Keyword.Format);
        if (tape.Type(format) == JsonTokenType.String && FormatAllowed(tape, type, format))
        {
            node.Copy(writer, tape, Keyword.Format);
        }

        node.Copy(writer, tape, Keyword.Title);
        node.Copy(writer, tape, Keyword.Description);
        if (enumValues >= 0)
        {
            WriteEnum(writer, tape, enumValues);
        }

        if (node.HasProperties)
        {
            WriteProperties(writer, tape, node, context, depth);
        }

        if (tape.Type(items) is JsonTokenType.StartObject or JsonTokenType.StartArray)
        {
            WriteNode(writer, "items"u8, named: true, tape, tape.Type(items) == JsonTokenType.StartArray && tape.HasMembers(items) ? items + 1 : items, context, depth + 1);
        }

        if (nonNullBranches >= 2)
        {
            writer.WriteStartArray("anyOf"u8);
            for (var branch = branches + 1; tape.Type(branch) != JsonTokenType.EndArray; branch = tape.Next(branch))
            {
                if (!IsNullSchema(tape, branch))
                {
                    WriteNode(writer, tape, branch, context, depth + 1);
                }
            }

            writer.WriteEndArray();
        }
        else if (severalTypes)
        {
            WriteTypes(writer, tape, typeValue);
        }

        node.CopyTheRest(writer, tape);
    }
}
