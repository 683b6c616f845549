namespace LlmGateway.Usage;

/// <summary>Receives one record per request. Must not block: durable sinks buffer and write behind.</summary>
internal interface IUsageSink
{
    void Record(UsageRecord record);
}
