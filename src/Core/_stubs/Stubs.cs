// TEMPORARY compile stubs in the integration worktree only; replaced by the real codecs before merge.
#pragma warning disable CA1822, IDE0060, CS9113
using System.Buffers;
using System.Net.ServerSentEvents;
using System.Text.Json;
using LlmGateway.Http;
using LlmGateway.Translation;
using Microsoft.AspNetCore.Http;

namespace LlmGateway.Protocols.OpenAI
{
    internal sealed record OpenAIEncodeOptions(string MaxTokensParameter, int? MaxOutputTokens);

    internal static class OpenAIChatCodec
    {
        public static CanonicalRequest DecodeRequest(JsonElement root) => throw new NotImplementedException();

        public static void EncodeRequest(CanonicalRequest request, string upstreamModel, OpenAIEncodeOptions options, IBufferWriter<byte> output) => throw new NotImplementedException();

        public static CanonicalResponse DecodeResponse(ReadOnlySpan<byte> json) => throw new NotImplementedException();

        public static void EncodeResponse(CanonicalResponse response, IBufferWriter<byte> output) => throw new NotImplementedException();
    }

    internal sealed class OpenAIStreamDecoder : IStreamDecoder
    {
        public bool Finished => false;

        public void Decode(string? eventType, ReadOnlySpan<byte> data, List<StreamEvent> output) => throw new NotImplementedException();

        public void Complete(List<StreamEvent> output) => throw new NotImplementedException();
    }

    internal sealed class OpenAIStreamEncoder(bool includeUsage, long created) : IStreamEncoder
    {
        public void Encode(StreamEvent streamEvent, List<SseItem<ReadOnlyMemory<byte>>> output) => throw new NotImplementedException();

        public void Complete(List<SseItem<ReadOnlyMemory<byte>>> output) => throw new NotImplementedException();
    }
}

namespace LlmGateway.Protocols.Anthropic
{
    internal sealed record AnthropicEncodeOptions(int DefaultMaxTokens);

    internal static class AnthropicCodec
    {
        public static CanonicalRequest DecodeRequest(JsonElement root, bool requireMaxTokens = true) => throw new NotImplementedException();

        public static void EncodeRequest(CanonicalRequest request, string upstreamModel, AnthropicEncodeOptions options, IBufferWriter<byte> output) => throw new NotImplementedException();

        public static CanonicalResponse DecodeResponse(ReadOnlySpan<byte> json) => throw new NotImplementedException();

        public static void EncodeResponse(CanonicalResponse response, IBufferWriter<byte> output) => throw new NotImplementedException();
    }

    internal sealed class AnthropicStreamDecoder : IStreamDecoder
    {
        public bool Finished => false;

        public void Decode(string? eventType, ReadOnlySpan<byte> data, List<StreamEvent> output) => throw new NotImplementedException();

        public void Complete(List<StreamEvent> output) => throw new NotImplementedException();
    }

    internal sealed class AnthropicStreamEncoder(long estimatedInputTokens) : IStreamEncoder
    {
        public void Encode(StreamEvent streamEvent, List<SseItem<ReadOnlyMemory<byte>>> output) => throw new NotImplementedException();

        public void Complete(List<SseItem<ReadOnlyMemory<byte>>> output) => throw new NotImplementedException();
    }

    internal static class AnthropicErrors
    {
        public static byte[] Serialize(GatewayError error) => throw new NotImplementedException();

        public static Task WriteAsync(HttpContext context, GatewayError error) => throw new NotImplementedException();
    }
}
