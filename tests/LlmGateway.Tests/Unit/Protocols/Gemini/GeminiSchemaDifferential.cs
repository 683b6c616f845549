using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using LlmGateway.Tests.Unit.Protocols.Gemini.Reference;
using LlmGateway.Json;
using LlmGateway.Protocols.Gemini;

namespace LlmGateway.Tests.Unit.Protocols.Gemini;

/// <summary>
/// Runs the Gemini sanitiser both ways — on the <see cref="JsonElement"/> and on its raw UTF-8 — and asserts the same
/// output bytes (or the same exception) with the gateway's writer, a default writer and an indented one, and that
/// <see cref="GeminiSchema.DeclaresNothing(ReadOnlySpan{byte})"/> and <see cref="GeminiSchema.WriteParameters"/> agree.
/// </summary>
internal static class GeminiSchemaDifferential
{
    private static readonly JsonWriterOptions[] Writers = [JsonDefaults.Writer, default, new() { Indented = true }];

    /// <summary>Asserts both sanitisers agree on <paramref name="schema"/>; returns the output with the gateway's writer.</summary>
    public static string AssertSame(JsonElement schema)
    {
        var utf8 = schema.ValueKind == JsonValueKind.Undefined ? [] : JsonMarshal.GetRawUtf8Value(schema).ToArray();
        var context = Encoding.UTF8.GetString(utf8);

        var declaresNothing = Outcome(() => ReferenceGeminiSchema.DeclaresNothing(schema).ToString());
        Assert.True(declaresNothing == Outcome(() => GeminiSchema.DeclaresNothing(utf8).ToString()), $"DeclaresNothing differs for {context}");

        string? result = null;
        foreach (var options in Writers)
        {
            var expected = Written(options, writer => ReferenceGeminiSchema.Write(writer, schema));
            var actual = Written(options, writer => GeminiSchema.Write(writer, utf8));
            Assert.True(expected == actual, $"Write differs (indented: {options.Indented}) for {context}\nElement: {expected}\nUTF-8:   {actual}");

            var expectedParameters = Written(options, writer =>
            {
                writer.WriteStartObject();
                if (!ReferenceGeminiSchema.DeclaresNothing(schema))
                {
                    writer.WritePropertyName("parameters"u8);
                    ReferenceGeminiSchema.Write(writer, schema);
                }

                writer.WriteEndObject();
            });
            var actualParameters = Written(options, writer =>
            {
                writer.WriteStartObject();
                GeminiSchema.WriteParameters(writer, utf8);
                writer.WriteEndObject();
            });
            Assert.True(expectedParameters == actualParameters, $"WriteParameters differs (indented: {options.Indented}) for {context}\nElement: {expectedParameters}\nUTF-8:   {actualParameters}");

            // Again: with the gateway's writer the second one is a copy from the cache of sanitised schemas.
            var again = Written(options, writer =>
            {
                writer.WriteStartObject();
                GeminiSchema.WriteParameters(writer, utf8);
                writer.WriteEndObject();
            });
            Assert.True(expectedParameters == again, $"WriteParameters differs the second time (indented: {options.Indented}) for {context}\nElement: {expectedParameters}\nUTF-8:   {again}");
            result ??= expected;
        }

        return result!;
    }

    /// <summary>Every schema of a text, as the codec sees it: a value inside a larger document.</summary>
    public static string AssertSame(string schema)
    {
        using var document = JsonDocument.Parse("{\"parameters\":" + schema + "}", new JsonDocumentOptions { MaxDepth = 256 });
        return AssertSame(document.RootElement.GetProperty("parameters"u8));
    }

    private static string Written(JsonWriterOptions options, Action<Utf8JsonWriter> write) => Outcome(() =>
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, options))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    });

    /// <summary>The text an action produces, or the type of the exception it throws.</summary>
    private static string Outcome(Func<string> action)
    {
        try
        {
            return action();
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or JsonException or FormatException)
        {
            return "throws " + ex.GetType().Name;
        }
    }
}
