using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using LlmGateway.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using OpenAI.Chat;

namespace LlmGateway.Tests.EndToEnd.Engine;

/// <summary>
/// A non-stream answer slower than <c>Gateway:NonStreamKeepAliveSeconds</c> (90 s): the gateway commits 200 and
/// sends a space every <c>KeepAliveSeconds</c> (15 s) until the JSON body — or an error body in the caller's
/// shape — follows the whitespace.
/// </summary>
public sealed class NonStreamKeepAliveTests : EngineTest
{
    private readonly TaskCompletionSource _received = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

    [Fact]
    public async Task Chat_UpstreamSlowerThanKeepAliveDelay_200AndSpacesFirstThenTheUpstreamJson()
    {
        await StartGatewayAsync();
        Upstream.Handler = HeldThen((_, context) => FakeUpstream.Json(context, 200, Canned.Completion("slow but sure")));

        var pending = PostChatAsync(completion: HttpCompletionOption.ResponseHeadersRead);
        await _received.Task.WaitAsync(TimeSpan.FromSeconds(20));
        Clock.Advance(TimeSpan.FromSeconds(90));
        using var response = await pending.WaitAsync(TimeSpan.FromSeconds(20));
        await using var body = await response.Content.ReadAsStreamAsync();
        var firstSpace = await ReadByteAsync(body);
        Clock.Advance(TimeSpan.FromSeconds(15));
        var secondSpace = await ReadByteAsync(body);
        _release.SetResult();
        var rest = await new StreamReader(body).ReadToEndAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal((' ', ' '), (firstSpace, secondSpace));
        Assert.Equal(Canned.Completion("slow but sure"), rest.TrimStart(' '));
        Assert.Equal("slow but sure", JsonNode.Parse("  " + rest)!["choices"]![0]!["message"]!["content"]!.GetValue<string>());
    }

    [Fact]
    public async Task CompleteChat_UpstreamSlowerThanKeepAliveDelay_OpenAISdkParsesTheAnswer()
    {
        await StartGatewayAsync();
        Upstream.Handler = HeldThen((_, context) => FakeUpstream.Json(context, 200, Canned.Completion("slow but sure")));

        var pending = Gateway.Chat("gpt-4o").CompleteChatAsync([new UserChatMessage("Hi")]);
        await _received.Task.WaitAsync(TimeSpan.FromSeconds(20));
        Clock.Advance(TimeSpan.FromSeconds(90));
        Clock.Advance(TimeSpan.FromSeconds(15));
        _release.SetResult();
        var completion = (await pending.WaitAsync(TimeSpan.FromSeconds(20))).Value;

        Assert.Equal("slow but sure", completion.Content[0].Text);
    }

    [Fact]
    public async Task Chat_UpstreamErrorAfterSpacesStarted_UpstreamErrorJsonFollowsTheSpaces()
    {
        await StartGatewayAsync();
        Upstream.Handler = HeldThen((_, context) => Fail(context, 500));

        var (status, body) = await KeepAliveThenReleaseAsync(PostChatAsync(completion: HttpCompletionOption.ResponseHeadersRead));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.StartsWith(" ", body, StringComparison.Ordinal);
        Assert.Equal("status_500", ErrorOf(body)["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task Messages_UpstreamErrorAfterSpacesStarted_ErrorInAnthropicShapeFollowsTheSpaces()
    {
        await StartGatewayAsync();
        Upstream.Handler = HeldThen((_, context) => Fail(context, 500));

        var (status, body) = await KeepAliveThenReleaseAsync(Gateway.Http.SendAsync(
            AnthropicRequests.Messages("""{"model":"gpt-4o","max_tokens":64,"messages":[{"role":"user","content":"Hi"}]}"""), HttpCompletionOption.ResponseHeadersRead));
        var error = JsonNode.Parse(body)!;

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.StartsWith(" ", body, StringComparison.Ordinal);
        Assert.Equal("error", error["type"]!.GetValue<string>());
        Assert.Equal("api_error", error["error"]!["type"]!.GetValue<string>());
        Assert.Contains("upstream says 500", error["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chat_FirstByteTimeoutAfterSpacesStarted_GatewayTimeoutErrorFollowsTheSpaces()
    {
        await StartGatewayAsync(settings: new Dictionary<string, string?> { ["Gateway:Providers:openai:FirstByteTimeoutSeconds"] = "120" });
        Upstream.Handler = async (_, context) =>
        {
            _received.TrySetResult();
            await _release.Task.WaitAsync(context.RequestAborted);
        };

        var pending = PostChatAsync(completion: HttpCompletionOption.ResponseHeadersRead);
        await _received.Task.WaitAsync(TimeSpan.FromSeconds(20));
        Clock.Advance(TimeSpan.FromSeconds(90));
        using var response = await pending.WaitAsync(TimeSpan.FromSeconds(20));
        await using var stream = await response.Content.ReadAsStreamAsync();
        var firstSpace = await ReadByteAsync(stream);
        Clock.Advance(TimeSpan.FromSeconds(30));
        var body = firstSpace + await new StreamReader(stream).ReadToEndAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(' ', firstSpace);
        Assert.Equal("upstream_timeout", ErrorOf(body)["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task Chat_UpstreamFasterThanKeepAliveDelay_BodyIsExactlyTheUpstreamJson()
    {
        await StartGatewayAsync();
        Upstream.Handler = (_, context) => FakeUpstream.Json(context, 200, Canned.Completion("quick"));

        using var response = await PostChatAsync();
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Canned.Completion("quick"), body);
        Assert.Equal(Encoding.UTF8.GetByteCount(body), response.Content.Headers.ContentLength);
    }

    /// <summary>Starts the keep-alive (90 s on the clock), reads a space, then lets the upstream answer; the status and whole body.</summary>
    private async Task<(HttpStatusCode Status, string Body)> KeepAliveThenReleaseAsync(Task<HttpResponseMessage> pending)
    {
        await _received.Task.WaitAsync(TimeSpan.FromSeconds(20));
        Clock.Advance(TimeSpan.FromSeconds(90));
        using var response = await pending.WaitAsync(TimeSpan.FromSeconds(20));
        await using var stream = await response.Content.ReadAsStreamAsync();
        var firstSpace = await ReadByteAsync(stream);
        _release.SetResult();
        return (response.StatusCode, firstSpace + await new StreamReader(stream).ReadToEndAsync());
    }

    private Func<RecordedRequest, HttpContext, Task> HeldThen(Func<RecordedRequest, HttpContext, Task> answer) => async (request, context) =>
    {
        _received.TrySetResult();
        await _release.Task.WaitAsync(context.RequestAborted);
        await answer(request, context);
    };

    private static async Task<char> ReadByteAsync(Stream stream)
    {
        var buffer = new byte[1];
        var read = await stream.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(20));
        return read == 1 ? (char)buffer[0] : '\0';
    }
}
