namespace LlmGateway.Tests.Unit.Protocols.OpenAI.Reference;

[Flags]
internal enum JsonStyle
{
    Compact = 0,
    Reversed = 1,
    EscapedNames = 2,
    EscapedStrings = 4,
    Spaced = 8,
}
