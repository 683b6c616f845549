using LlmGateway.Embeddings;

namespace LlmGateway.Tests.Unit.Embeddings;

public sealed class MockEmbeddingsTests
{
    // Worked out independently: SHA-256("hello") then SHA-256(seed || 0 as int32 LE), two uint32 LE → [-1, 1], normalised.
    private static readonly float[] PinnedHello = [-0.9026f, 0.4305f];

    [Fact]
    public void For_SameTextTwice_SameVector()
    {
        Assert.Equal(MockEmbeddings.For("hello", 8), MockEmbeddings.For("hello", 8));
    }

    [Fact]
    public void For_DifferentTexts_DifferentVectors()
    {
        Assert.NotEqual(MockEmbeddings.For("hello", 8), MockEmbeddings.For("hello!", 8));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(1536)]
    public void For_AnyDimensions_UnitVectorOfThatLengthWithValuesInRange(int dimensions)
    {
        var vector = MockEmbeddings.For("some text", dimensions);

        Assert.Equal(dimensions, vector.Length);
        Assert.Equal(1.0, Math.Sqrt(vector.Sum(v => (double)v * v)), 5);
        Assert.All(vector, v => Assert.InRange(v, -1f, 1f));
    }

    [Fact]
    public void For_KnownInput_StableAcrossRuns()
    {
        // Pinned so that a change of algorithm (which would change every stored mock vector) is a visible decision.
        var vector = MockEmbeddings.For("hello", 2);

        Assert.Equal(vector, MockEmbeddings.For("hello", 2));
        Assert.Equal(PinnedHello, vector.Select(v => MathF.Round(v, 4)).ToArray());
    }
}
