// TEMPORARY compile stubs in the integration worktree only; replaced by the real Gemini codec before merge.
#pragma warning disable CA1822, IDE0060, CS9113
using System.Buffers;
using System.Net.ServerSentEvents;
using System.Text.Json;
using LlmGateway.Http;
using LlmGateway.Translation;
using Microsoft.AspNetCore.Http;

namespace LlmGateway.Protocols.Gemini;

internal sealed record GeminiEncodeOptions;

internal static class GeminiCodec
{
    public static CanonicalRequest DecodeRequest(JsonElement root, string model) => throw new NotImplementedException();

    public static void EncodeRequest(CanonicalRequest request, GeminiEncodeOptions options, IBufferWriter<byte> output) => throw new NotImplementedException();

    public static CanonicalResponse DecodeResponse(ReadOnlySpan<byte> json) => throw new NotImplementedException();

    public static void EncodeResponse(CanonicalResponse response, IBufferWriter<byte> output) => throw new NotImplementedException();
}

internal sealed class GeminiStreamDecoder : IStreamDecoder
{
    public bool Finished => false;

    public void Decode(string? eventType, ReadOnlySpan<byte> data, List<StreamEvent> output) => throw new NotImplementedException();

    public void Complete(List<StreamEvent> output) => throw new NotImplementedException();
}

internal sealed class GeminiStreamEncoder : IStreamEncoder
{
    public void Encode(StreamEvent streamEvent, List<SseItem<ReadOnlyMemory<byte>>> output) => throw new NotImplementedException();

    public void Complete(List<SseItem<ReadOnlyMemory<byte>>> output) => throw new NotImplementedException();
}

internal static class GeminiErrors
{
    public static byte[] Serialize(GatewayError error) => throw new NotImplementedException();

    public static Task WriteAsync(HttpContext context, GatewayError error) => throw new NotImplementedException();

    public static GatewayError FromGemini(int status, byte[] body) => throw new NotImplementedException();
}
