namespace LlmGateway.Tests.Infrastructure;

/// <summary>Upstream bodies as OpenAI sends them.</summary>
public static class Canned
{
    public const string UpstreamModel = "gpt-4o-2024-08-06";

    public static string Completion(string content) =>
        """{"id":"chatcmpl-up1","object":"chat.completion","created":1700000000,"model":"MODEL","choices":[{"index":0,"message":{"role":"assistant","content":"CONTENT","refusal":null},"logprobs":null,"finish_reason":"stop"}],"usage":{"prompt_tokens":11,"completion_tokens":3,"total_tokens":14,"prompt_tokens_details":{"cached_tokens":5},"completion_tokens_details":{"reasoning_tokens":1}},"service_tier":"default","x_vendor_field":{"kept":true}}"""
            .Replace("MODEL", UpstreamModel, StringComparison.Ordinal)
            .Replace("CONTENT", content, StringComparison.Ordinal);

    public static string Chunk(string delta, string? finishReason = null) =>
        """{"id":"chatcmpl-up2","object":"chat.completion.chunk","created":1700000000,"model":"MODEL","choices":[{"index":0,"delta":DELTA,"logprobs":null,"finish_reason":FINISH}],"usage":null}"""
            .Replace("MODEL", UpstreamModel, StringComparison.Ordinal)
            .Replace("DELTA", delta, StringComparison.Ordinal)
            .Replace("FINISH", finishReason is null ? "null" : "\"" + finishReason + "\"", StringComparison.Ordinal);

    public static string UsageChunk(int prompt = 9, int completion = 2, int cached = 4, int reasoning = 1) =>
        """{"id":"chatcmpl-up2","object":"chat.completion.chunk","created":1700000000,"model":"MODEL","choices":[],"usage":{"prompt_tokens":P,"completion_tokens":C,"total_tokens":T,"prompt_tokens_details":{"cached_tokens":K},"completion_tokens_details":{"reasoning_tokens":R}}}"""
            .Replace("MODEL", UpstreamModel, StringComparison.Ordinal)
            .Replace("\"prompt_tokens\":P", "\"prompt_tokens\":" + prompt, StringComparison.Ordinal)
            .Replace(":C,", ":" + completion + ",", StringComparison.Ordinal)
            .Replace(":T,", ":" + (prompt + completion) + ",", StringComparison.Ordinal)
            .Replace(":K}", ":" + cached + "}", StringComparison.Ordinal)
            .Replace(":R}", ":" + reasoning + "}", StringComparison.Ordinal);

    /// <summary>A complete text stream: role, two pieces, finish, usage, [DONE].</summary>
    public static string[] TextStream() =>
    [
        Chunk("""{"role":"assistant","content":""}"""),
        Chunk("""{"content":"Hel"}"""),
        Chunk("""{"content":"lo"}"""),
        Chunk("{}", "stop"),
        UsageChunk(),
        "[DONE]",
    ];

    public static string Error(string message, string type, string code) =>
        "{\"error\":{\"message\":\"" + message + "\",\"type\":\"" + type + "\",\"param\":null,\"code\":\"" + code + "\"}}";
}
