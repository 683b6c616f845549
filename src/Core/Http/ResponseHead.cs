using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace LlmGateway.Http;

/// <summary>
/// Sets a response's status and headers unless they are already on the wire: a non-stream answer whose
/// keep-alive whitespace committed status 200 keeps it, and its JSON body (answer or error) follows the whitespace.
/// </summary>
internal static class ResponseHead
{
    public static void Set(HttpResponse response, int status, string contentType, long? contentLength = null, int? retryAfterSeconds = null)
    {
        if (response.HasStarted)
        {
            return;
        }

        response.StatusCode = status;
        response.ContentType = contentType;
        response.ContentLength = contentLength;
        if (retryAfterSeconds is { } retryAfter)
        {
            response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
        }
    }
}
