namespace LlmGateway.Translation;

/// <summary>
/// One event of the hub's stream. A well-formed stream is: <see cref="ResponseStarted"/>; then blocks one at a
/// time — <see cref="BlockStarted"/> (indexes 0, 1, 2...), its deltas, <see cref="BlockStopped"/> — never
/// interleaved; <see cref="UsageReported"/> at any point after the start (cumulative, the last one wins); then
/// <see cref="ResponseFinished"/>. <see cref="StreamFailed"/> may end the stream at any point.
/// </summary>
internal abstract record StreamEvent;
