namespace LlmGateway.Translation;

internal sealed record SignatureDelta(int Index, string Signature) : StreamEvent;
