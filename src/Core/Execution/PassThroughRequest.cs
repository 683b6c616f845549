using System.Text.Json;
using LlmGateway.Credentials;
using LlmGateway.Providers;
using LlmGateway.Routing;
using LlmGateway.Usage;
using Microsoft.AspNetCore.Http;

namespace LlmGateway.Execution;

/// <summary>Everything a surface needs to relay a same-format request.</summary>
internal sealed record PassThroughRequest(
    HttpContext Context,
    ReadOnlyMemory<byte> Body,
    JsonElement Root,
    ChatBasics Basics,
    ModelTarget Target,
    UpstreamProvider Provider,
    UpstreamCredential Credential,
    UsageRecord Record);
