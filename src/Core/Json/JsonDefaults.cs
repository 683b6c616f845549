using System.Text.Encodings.Web;
using System.Text.Json;

namespace LlmGateway.Json;

internal static class JsonDefaults
{
    /// <summary>
    /// Writer options for everything the gateway emits: non-ASCII text stays UTF-8 and quotes stay quotes, as the
    /// providers themselves write them (the body is JSON over HTTP, never embedded in HTML).
    /// </summary>
    public static readonly JsonWriterOptions Writer = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The source-generated context with the same escaping.</summary>
    public static readonly GatewayJsonContext Context = new(new JsonSerializerOptions
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    });
}
