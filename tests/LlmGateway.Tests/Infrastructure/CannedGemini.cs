using System.Text.Json;

namespace LlmGateway.Tests.Infrastructure;

/// <summary>
/// Upstream bodies and stream chunks as Google's Gemini API (<c>generativelanguage</c> v1beta) sends them, including
/// fields the gateway does not know (<c>safetyRatings</c>, <c>promptTokensDetails</c>). A stream chunk is a whole
/// <c>GenerateContentResponse</c>; <see cref="FakeUpstream.Sse"/> writes each as one <c>data:</c> frame.
/// </summary>
public static class CannedGemini
{
    public const string UpstreamModel = "gemini-2.5-flash";

    /// <summary>The upstream key a Gemini provider is configured with in these tests.</summary>
    public const string Key = "AIzaSy-upstream-secret-0001";

    /// <summary>The Gemini base URL on a fake upstream: its root (without the <c>/v1</c> of <see cref="FakeUpstream.BaseUrl"/>) + <c>/v1beta</c>.</summary>
    public static string BaseUrl(FakeUpstream upstream)
    {
        ArgumentNullException.ThrowIfNull(upstream);
        return upstream.BaseUrl[..^"/v1".Length] + "/v1beta";
    }

    /// <summary>Settings adding a <c>gemini</c> provider (serving <see cref="UpstreamModel"/>) that points at <paramref name="upstream"/>.</summary>
    public static Dictionary<string, string?> Provider(FakeUpstream upstream) => new()
    {
        ["Gateway:Providers:gemini:Type"] = "gemini",
        ["Gateway:Providers:gemini:BaseUrl"] = BaseUrl(upstream),
        ["Gateway:Providers:gemini:Keys:0"] = Key,
        ["Gateway:Providers:gemini:Models:0"] = UpstreamModel,
    };

    /// <summary>
    /// A non-stream answer with one text part and usage: prompt 20 (8 of them cached), candidates 6, thoughts 10,
    /// total 36.
    /// </summary>
    public static string Response(string text) =>
        """{"candidates":[{"content":{"parts":[{"text":__TEXT__}],"role":"model"},"finishReason":"STOP","safetyRatings":[],"index":0}],"usageMetadata":{"promptTokenCount":20,"candidatesTokenCount":6,"totalTokenCount":36,"cachedContentTokenCount":8,"thoughtsTokenCount":10,"promptTokensDetails":[{"modality":"TEXT","tokenCount":20}]},"modelVersion":"__MODEL__","responseId":"resp-gemini-1"}"""
            .Replace("__MODEL__", UpstreamModel, StringComparison.Ordinal)
            .Replace("__TEXT__", Quote(text), StringComparison.Ordinal);

    /// <summary>A whole response whose candidate holds <paramref name="partsJson"/> (a JSON array of parts).</summary>
    public static string ResponseWithParts(string partsJson, string responseId = "resp-gemini-2") =>
        """{"candidates":[{"content":{"parts":__PARTS__,"role":"model"},"finishReason":"STOP","index":0}],"usageMetadata":{"promptTokenCount":30,"candidatesTokenCount":12,"totalTokenCount":42},"modelVersion":"__MODEL__","responseId":"__ID__"}"""
            .Replace("__MODEL__", UpstreamModel, StringComparison.Ordinal)
            .Replace("__PARTS__", partsJson, StringComparison.Ordinal)
            .Replace("__ID__", responseId, StringComparison.Ordinal);

    /// <summary>A stream chunk with one text part; the last one carries <paramref name="finishReason"/> and the final usage.</summary>
    public static string TextChunk(string text, string? finishReason = null) =>
        """{"candidates":[{"content":{"parts":[{"text":__TEXT__}],"role":"model"}__FINISH__,"index":0}],"usageMetadata":__USAGE__,"modelVersion":"__MODEL__","responseId":"resp-gemini-stream"}"""
            .Replace("__MODEL__", UpstreamModel, StringComparison.Ordinal)
            .Replace("__TEXT__", Quote(text), StringComparison.Ordinal)
            .Replace("__FINISH__", finishReason is null ? "" : ",\"finishReason\":\"" + finishReason + "\"", StringComparison.Ordinal)
            .Replace("__USAGE__", finishReason is null
                ? """{"promptTokenCount":20,"totalTokenCount":20,"promptTokensDetails":[{"modality":"TEXT","tokenCount":20}]}"""
                : """{"promptTokenCount":20,"candidatesTokenCount":4,"totalTokenCount":24,"cachedContentTokenCount":8,"promptTokensDetails":[{"modality":"TEXT","tokenCount":20}]}""", StringComparison.Ordinal);

    /// <summary>A complete text stream: "Hel", then "lo" with STOP and usage (prompt 20, 8 cached, candidates 4).</summary>
    public static string[] TextStream() => TextStream("Hel", "lo");

    /// <summary>A complete text stream of the given pieces, the last with STOP and usage.</summary>
    public static string[] TextStream(params string[] pieces)
    {
        ArgumentNullException.ThrowIfNull(pieces);
        return pieces.Select((piece, i) => TextChunk(piece, i == pieces.Length - 1 ? "STOP" : null)).ToArray();
    }

    /// <summary>Google's error body; <paramref name="detailsJson"/> is the <c>details</c> array when given.</summary>
    public static string Error(int code, string status, string message, string? detailsJson = null) =>
        "{\"error\":{\"code\":" + code + ",\"message\":" + Quote(message) + ",\"status\":\"" + status + "\""
        + (detailsJson is null ? "" : ",\"details\":" + detailsJson) + "}}";

    private static string Quote(string value) => JsonSerializer.Serialize(value);
}
