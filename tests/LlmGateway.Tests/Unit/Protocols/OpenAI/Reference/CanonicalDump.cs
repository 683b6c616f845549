using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.Json;
using LlmGateway.Http;

namespace LlmGateway.Tests.Unit.Protocols.OpenAI.Reference;

/// <summary>
/// A canonical request (or the error decoding gave) as text that holds every public property, recursively, in a
/// stable order: two decoders agree when their dumps are equal. JSON values (elements and UTF-8 bytes) appear as their
/// raw text.
/// </summary>
internal static class CanonicalDump
{
    public static string Of(object? value)
    {
        var builder = new StringBuilder();
        Write(builder, value);
        return builder.ToString();
    }

    /// <summary>What <paramref name="run"/> gives (a dump made while the decoded request's document is alive), or its error.</summary>
    public static string Outcome(Func<string> run)
    {
        try
        {
            return run();
        }
        catch (GatewayErrorException ex)
        {
            var error = ex.Error;
            return $"error {error.Status} {error.Code} param={error.Param ?? "(null)"}: {error.Message}";
        }
        catch (Exception ex) when (ex is InvalidOperationException or JsonException)
        {
            return $"{ex.GetType().Name}: {ex.Message}";
        }
    }

    private static void Write(StringBuilder builder, object? value)
    {
        switch (value)
        {
            case null:
                builder.Append("null");
                return;
            case string text:
                builder.Append(JsonSerializer.Serialize(text));
                return;
            case JsonElement element:
                builder.Append(element.ValueKind == JsonValueKind.Undefined ? "undefined" : "json " + element.GetRawText());
                return;
            case ReadOnlyMemory<byte> utf8:
                builder.Append(utf8.IsEmpty ? "empty" : "utf8 " + Encoding.UTF8.GetString(utf8.Span));
                return;
            case double number:
                builder.Append(number.ToString("R", CultureInfo.InvariantCulture));
                return;
            case bool or int or long or Enum:
                builder.Append(Convert.ToString(value, CultureInfo.InvariantCulture));
                return;
            case IDictionary dictionary:
                builder.Append('{');
                foreach (var key in dictionary.Keys.Cast<string>().Order(StringComparer.Ordinal))
                {
                    builder.Append(JsonSerializer.Serialize(key)).Append(": ");
                    Write(builder, dictionary[key]);
                    builder.Append(", ");
                }

                builder.Append('}');
                return;
            case IEnumerable items:
                builder.Append('[');
                foreach (var item in items)
                {
                    Write(builder, item);
                    builder.Append(", ");
                }

                builder.Append(']');
                return;
            default:
                var type = value.GetType();
                builder.Append(type.Name).Append(" { ");
                foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0).OrderBy(p => p.Name, StringComparer.Ordinal))
                {
                    if (property.Name == "EqualityContract")
                    {
                        continue;
                    }

                    builder.Append(property.Name).Append(" = ");
                    Write(builder, property.GetValue(value));
                    builder.Append("; ");
                }

                builder.Append('}');
                return;
        }
    }
}
