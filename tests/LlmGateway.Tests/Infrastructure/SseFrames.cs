using System.Net.ServerSentEvents;
using System.Text;

namespace LlmGateway.Tests.Infrastructure;

/// <summary>Reads a raw response body as the exact lines and SSE frames a client sees.</summary>
public static class SseFrames
{
    /// <summary>The data payloads of every event, in order, parsed by the framework's SSE parser.</summary>
    public static async Task<List<SseItem<string>>> ReadEventsAsync(HttpResponseMessage response)
    {
        var items = new List<SseItem<string>>();
        await using var stream = await response.Content.ReadAsStreamAsync();
        await foreach (var item in SseParser.Create(stream).EnumerateAsync())
        {
            items.Add(item);
        }

        return items;
    }

    public static string[] Lines(string body) => body.Split('\n');

    public static string Utf8(byte[] bytes) => Encoding.UTF8.GetString(bytes);
}
