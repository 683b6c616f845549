using System.Text;

namespace LlmGateway.Benchmarks;

/// <summary>Representative wire payloads: a ~2 KB chat request with a system prompt, history, a tool and a tool round trip.</summary>
internal static class Samples
{
    public static readonly byte[] OpenAIRequest = Encoding.UTF8.GetBytes("""
        {"model":"anthropic/claude-sonnet-4-5","max_completion_tokens":1024,"temperature":0.3,"stream":true,
         "stream_options":{"include_usage":true},
         "messages":[
          {"role":"system","content":"You are a careful assistant that answers questions about the weather and travel. Keep answers short, cite the tool results you used, and never invent numbers. If a tool fails, say so plainly and suggest what the user could do instead."},
          {"role":"user","content":"I am planning a weekend in Lisbon in late October. What should I pack, and is it likely to rain? Please check the forecast for Saturday and Sunday and tell me the temperatures in Celsius."},
          {"role":"assistant","content":null,"tool_calls":[{"id":"call_01","type":"function","function":{"name":"get_forecast","arguments":"{\"city\":\"Lisbon\",\"days\":[\"saturday\",\"sunday\"],\"unit\":\"celsius\"}"}}]},
          {"role":"tool","tool_call_id":"call_01","content":"{\"saturday\":{\"high\":22,\"low\":15,\"rain_probability\":0.35,\"wind_kph\":18},\"sunday\":{\"high\":21,\"low\":14,\"rain_probability\":0.6,\"wind_kph\":24}}"},
          {"role":"assistant","content":"Saturday looks mild (15 to 22 C, 35% chance of rain); Sunday is a little cooler and wetter (14 to 21 C, 60% chance of rain)."},
          {"role":"user","content":[{"type":"text","text":"Thanks. Given that, what should I pack? Also, are there indoor things to do if Sunday is rainy? Keep it to a short list please, I will read it on my phone."}]}
         ],
         "tools":[{"type":"function","function":{"name":"get_forecast","description":"Daily weather forecast for a city: highs, lows, chance of rain and wind.","parameters":{"type":"object","properties":{"city":{"type":"string","description":"City name"},"days":{"type":"array","items":{"type":"string","enum":["saturday","sunday","monday"]}},"unit":{"type":"string","enum":["celsius","fahrenheit"]}},"required":["city","days"],"additionalProperties":false}}}],
         "tool_choice":"auto"}
        """);

    /// <summary>The same conversation as <see cref="OpenAIRequest"/> as Codex sends it to <c>/v1/responses</c>.</summary>
    public static readonly byte[] ResponsesRequest = Encoding.UTF8.GetBytes("""
        {"model":"anthropic/claude-sonnet-4-5","instructions":"You are a careful assistant that answers questions about the weather and travel. Keep answers short, cite the tool results you used, and never invent numbers. If a tool fails, say so plainly and suggest what the user could do instead.","input":[{"type":"message","role":"user","content":[{"type":"input_text","text":"I am planning a weekend in Lisbon in late October. What should I pack, and is it likely to rain? Please check the forecast for Saturday and Sunday and tell me the temperatures in Celsius."}]},{"type":"function_call","call_id":"call_01","name":"get_forecast","arguments":"{\"city\":\"Lisbon\",\"days\":[\"saturday\",\"sunday\"],\"unit\":\"celsius\"}"},{"type":"function_call_output","call_id":"call_01","output":"{\"saturday\":{\"high\":22,\"low\":15,\"rain_probability\":0.35,\"wind_kph\":18},\"sunday\":{\"high\":21,\"low\":14,\"rain_probability\":0.6,\"wind_kph\":24}}"},{"type":"message","role":"assistant","content":[{"type":"output_text","text":"Saturday looks mild (15 to 22 C, 35% chance of rain); Sunday is a little cooler and wetter (14 to 21 C, 60% chance of rain)."}]},{"type":"message","role":"user","content":[{"type":"input_text","text":"Thanks. Given that, what should I pack? Also, are there indoor things to do if Sunday is rainy? Keep it to a short list please, I will read it on my phone."}]}],"tools":[{"type":"function","name":"get_forecast","description":"Daily weather forecast for a city: highs, lows, chance of rain and wind.","strict":false,"parameters":{"type":"object","properties":{"city":{"type":"string","description":"City name"},"days":{"type":"array","items":{"type":"string","enum":["saturday","sunday","monday"]}},"unit":{"type":"string","enum":["celsius","fahrenheit"]}},"required":["city","days"],"additionalProperties":false}}],"tool_choice":"auto","parallel_tool_calls":true,"max_output_tokens":1024,"temperature":0.3,"store":false,"stream":true,"include":["reasoning.encrypted_content"],"prompt_cache_key":"019a2b3c-session"}
        """);

    public static readonly byte[] AnthropicResponse = Encoding.UTF8.GetBytes("""
        {"id":"msg_01XFDUDYJgAACzvnptvVoYEL","type":"message","role":"assistant","model":"claude-sonnet-4-5-20250929",
         "content":[{"type":"text","text":"Pack layers: a light waterproof jacket, a warm sweater for the evenings (14 to 15 C), comfortable walking shoes with grip for the wet cobblestones, and a compact umbrella for Sunday. If Sunday is rainy, try the Gulbenkian Museum, the Oceanarium, the LX Factory's bookshops and cafes, or a long lunch in the Time Out Market."},
                    {"type":"tool_use","id":"toolu_01A09q90qw90lq917835lq9","name":"get_forecast","input":{"city":"Lisbon","days":["monday"],"unit":"celsius"}}],
         "stop_reason":"tool_use","stop_sequence":null,
         "usage":{"input_tokens":412,"cache_creation_input_tokens":0,"cache_read_input_tokens":128,"output_tokens":96}}
        """);

    public static readonly byte[] GeminiResponse = Encoding.UTF8.GetBytes("""
        {"candidates":[{"content":{"role":"model","parts":[
           {"text":"Pack layers: a light waterproof jacket, a warm sweater for the evenings (14 to 15 C), comfortable walking shoes with grip for the wet cobblestones, and a compact umbrella for Sunday. If Sunday is rainy, try the Gulbenkian Museum, the Oceanarium, the LX Factory's bookshops and cafes, or a long lunch in the Time Out Market."},
           {"functionCall":{"name":"get_forecast","args":{"city":"Lisbon","days":["monday"],"unit":"celsius"}},"thoughtSignature":"CiQBcsjafDvXD0AsAfLc"}]},
          "finishReason":"STOP","index":0}],
         "usageMetadata":{"promptTokenCount":540,"candidatesTokenCount":96,"totalTokenCount":700,"thoughtsTokenCount":64,"cachedContentTokenCount":128},
         "modelVersion":"gemini-2.5-flash","responseId":"resp-1"}
        """);

    public static readonly byte[] GeminiChunk = Encoding.UTF8.GetBytes(
        """{"candidates":[{"content":{"role":"model","parts":[{"text":" rain jacket"}]},"index":0}],"modelVersion":"gemini-2.5-flash","responseId":"resp-1"}""");

    public static readonly byte[] OpenAIChunk = Encoding.UTF8.GetBytes(
        """{"id":"chatcmpl-1","object":"chat.completion.chunk","created":1700000000,"model":"gpt-4o","choices":[{"index":0,"delta":{"content":" rain jacket"},"logprobs":null,"finish_reason":null}],"usage":null}""");

    public static readonly byte[] OpenAIFirstChunk = Encoding.UTF8.GetBytes(
        """{"id":"chatcmpl-1","object":"chat.completion.chunk","created":1700000000,"model":"gpt-4o","choices":[{"index":0,"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}],"usage":null}""");

    public static readonly byte[] AnthropicMessageStart = Encoding.UTF8.GetBytes(
        """{"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","model":"claude-sonnet-4-5","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":512,"output_tokens":1}}}""");

    public static readonly byte[] AnthropicBlockStart = Encoding.UTF8.GetBytes(
        """{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}""");

    public static readonly byte[] AnthropicTextDelta = Encoding.UTF8.GetBytes(
        """{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":" rain jacket"}}""");
}
