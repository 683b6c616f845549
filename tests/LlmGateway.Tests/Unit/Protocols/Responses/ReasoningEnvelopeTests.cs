using LlmGateway.Protocols.Responses;
using LlmGateway.Translation;

namespace LlmGateway.Tests.Unit.Protocols.Responses;

public class ReasoningEnvelopeTests
{
    [Fact]
    public void EncryptedContentFor_AnthropicSignedThinking_OpensToTheSameThinkingOfAnthropicOrigin()
    {
        var thinking = new ReasoningPart("Plan: run tests.") { Signature = "EqQBsig==", Origin = WireFormat.AnthropicMessages };

        var sealedContent = ReasoningEnvelope.EncryptedContentFor(thinking)!;
        var opened = ReasoningEnvelope.Open(sealedContent, "summary text the client kept")!;

        Assert.StartsWith(ReasoningEnvelope.Prefix, sealedContent, StringComparison.Ordinal);
        Assert.Equal(("Plan: run tests.", "EqQBsig==", WireFormat.AnthropicMessages), (opened.Text, opened.Signature, opened.Origin));
    }

    [Fact]
    public void EncryptedContentFor_RedactedThinking_KeepsTheRedactedData()
    {
        var redacted = new ReasoningPart("") { RedactedData = "EmwKAhgB", Origin = WireFormat.AnthropicMessages };

        var opened = ReasoningEnvelope.Open(ReasoningEnvelope.EncryptedContentFor(redacted)!, "")!;

        Assert.Equal(("EmwKAhgB", (string?)null, WireFormat.AnthropicMessages), (opened.RedactedData, opened.Signature, opened.Origin));
    }

    [Fact]
    public void EncryptedContentFor_GeminiThought_KeepsTheThoughtSignatureWithGeminiOrigin()
    {
        var thought = new ReasoningPart("Thinking...") { ThoughtSignature = "CiQB", Origin = WireFormat.Gemini };

        var opened = ReasoningEnvelope.Open(ReasoningEnvelope.EncryptedContentFor(thought)!, "")!;

        Assert.Equal(("Thinking...", "CiQB", WireFormat.Gemini), (opened.Text, opened.ThoughtSignature, opened.Origin));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData((int)WireFormat.OpenAIChat)]
    [InlineData((int)WireFormat.AnthropicMessages)]
    [InlineData((int)WireFormat.Gemini)]
    public void EncryptedContentFor_UnsignedReasoning_IsNull(int origin)
    {
        Assert.Null(ReasoningEnvelope.EncryptedContentFor(new ReasoningPart("plain") { Origin = origin < 0 ? null : (WireFormat)origin }));
    }

    [Fact]
    public void Open_OpenAIsOwnContent_IsResponsesReasoningWithThatSignature()
    {
        var opened = ReasoningEnvelope.Open("gAAAAABoOpenAI==", "**Plan**")!;

        Assert.Equal(("**Plan**", "gAAAAABoOpenAI==", WireFormat.OpenAIResponses), (opened.Text, opened.Signature, opened.Origin));
    }

    [Theory]
    [InlineData("lgw1.!!!not-base64!!!")]
    [InlineData("lgw1.bm90IGpzb24")]
    [InlineData("lgw1.eyJvIjoib3RoZXIiLCJ0IjoieCJ9")]
    public void Open_DamagedEnvelope_IsNull(string content)
    {
        Assert.Null(ReasoningEnvelope.Open(content, ""));
    }
}
