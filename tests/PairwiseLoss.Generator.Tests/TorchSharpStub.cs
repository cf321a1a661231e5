namespace PairwiseLoss.Generator.Tests;

/// <summary>
/// A stub of the PairwiseLoss.TorchSharp surface that the generated tensor forms call, and of TorchSharp's Tensor: with
/// it in a compilation the generator writes the tensor forms, and they compile here without TorchSharp.
/// </summary>
internal static class TorchSharpStub
{
    /// <summary>The surface the generated forms call, with the real signatures' shapes (no TorchSharp needed).</summary>
    public const string Source = """
        namespace TorchSharp
        {
            public static class torch
            {
                public sealed class Tensor { }
            }
        }

        namespace PairwiseLoss.TorchSharp
        {
            using System;
            using global::TorchSharp;

            public readonly struct ScoreTensor<T> : IDisposable where T : unmanaged
            {
                public ReadOnlySpan<T> Span => default;
                public Span<T> Gradient => default;
                public void Dispose() { }
            }

            public readonly struct ConstantTensor<T> : IDisposable where T : unmanaged
            {
                public ReadOnlySpan<T> Span => default;
                public void Dispose() { }
            }

            public static class TensorLoss
            {
                public static ScoreTensor<T> Scores<T>(torch.Tensor scores, string parameterName) where T : unmanaged => default;
                public static ConstantTensor<T> ReadScores<T>(torch.Tensor scores, string parameterName) where T : unmanaged => default;
                public static ConstantTensor<T> Constant<T>(torch.Tensor tensor, string parameterName, torch.Tensor scores) where T : unmanaged => default;
                public static torch.Tensor Result<T>(T loss, ScoreTensor<T> scores) where T : unmanaged => new torch.Tensor();
                public static torch.Tensor Result<T>(T loss, ScoreTensor<T> first, ScoreTensor<T> second) where T : unmanaged => new torch.Tensor();
                public static torch.Tensor Result<T>(T loss, ReadOnlySpan<ScoreTensor<T>> scores) where T : unmanaged => new torch.Tensor();
                public static torch.Tensor Value<T>(T loss, torch.Tensor like) where T : unmanaged => new torch.Tensor();
                public static bool Is<T>(torch.Tensor tensor) where T : unmanaged => false;
            }
        }
        """;
}
