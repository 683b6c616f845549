using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using LlmGateway.Json;

namespace LlmGateway.Json;

internal static class JsonBytes
{
    public static byte[] From(JsonNode node)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, JsonDefaults.Writer))
        {
            node.WriteTo(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }
}
