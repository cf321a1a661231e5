using System.Linq;
using PairwiseLoss.Generator.Tests.Snapshots;
using Xunit;

namespace PairwiseLoss.Generator.Tests;

/// <summary>One snapshot per emit path of the generator. Accept changes with SNAPSHOT_ACCEPT=1, then read the diff.</summary>
public class EmitSnapshotTests
{
    private static void Verify(string source, [System.Runtime.CompilerServices.CallerMemberName] string test = "") =>
        Snapshot.Verify(GeneratorHarness.Run(source), testFile: SnapshotFile(), testMethod: test);

    private static string SnapshotFile([System.Runtime.CompilerServices.CallerFilePath] string path = "") => path;

    [Fact]
    public void LiteralFloatRankingWithMarginAndWeight() => Verify("""
        using System;
        using PairwiseLoss;

        namespace QuickStart;

        public static partial class Losses
        {
            [PairwiseLoss(Gamma = 2, Margin = 0.1)]
            [Want("s2 < s1 < s0")]
            [Want("s3 < s0", Margin = 0.5, Weight = 2)]
            public static partial float Rank(ReadOnlySpan<float> s, Span<float> grad);
        }
        """);

    [Fact]
    public void LiteralDouble() => Verify("""
        using System;
        using PairwiseLoss;

        namespace Ranking;

        public static partial class Losses
        {
            [PairwiseLoss]
            [Want("s[1] < s[0]")]
            [Want("s[2] < s[1]")]
            public static partial double Order(ReadOnlySpan<double> scores, Span<double> gradient);
        }
        """);

    [Fact]
    public void ForwardOnly() => Verify("""
        using System;
        using PairwiseLoss;

        namespace Ranking;

        public static partial class Losses
        {
            [PairwiseLoss(Gamma = 4)]
            [Want("s1 < s0")]
            public static partial float Forward(ReadOnlySpan<float> s);
        }
        """);

    [Fact]
    public void SparseLiteralIndices() => Verify("""
        using System;
        using PairwiseLoss;

        namespace Ranking;

        public static partial class Losses
        {
            [PairwiseLoss]
            [Want("s0 < s40")]
            public static partial float Sparse(ReadOnlySpan<float> s, Span<float> grad);
        }
        """);

    [Fact]
    public void MultiLabelHardLabels() => Verify("""
        using System;
        using PairwiseLoss;

        namespace Classification;

        public static partial class Losses
        {
            [PairwiseLoss]
            [Want("neg < 0 < pos")]
            public static partial float MultiLabel(ReadOnlySpan<float> s, ReadOnlySpan<bool> labels, Span<float> grad);
        }
        """);

    [Fact]
    public void MultiLabelSoftLabels() => Verify("""
        using System;
        using PairwiseLoss;

        namespace Classification;

        public static partial class Losses
        {
            [PairwiseLoss]
            [Want("neg < 0 < pos")]
            public static partial double MultiLabel(ReadOnlySpan<double> s, ReadOnlySpan<double> labels, Span<double> grad);
        }
        """);

    [Fact]
    public void SoftmaxOthersBelowTarget() => Verify("""
        using System;
        using PairwiseLoss;

        namespace Classification;

        public static partial class Losses
        {
            [PairwiseLoss]
            [Want("others < target")]
            public static partial double Softmax(ReadOnlySpan<double> s, int target, Span<double> grad);
        }
        """);

    [Fact]
    public void PerPairBinaryCrossEntropy() => Verify("""
        using System;
        using PairwiseLoss;

        namespace Classification;

        public static partial class Losses
        {
            [PairwiseLoss(Terms = LossTerms.PerPair)]
            [Want("neg < 0")]
            [Want("0 < pos")]
            public static partial float BinaryCrossEntropy(ReadOnlySpan<float> s, ReadOnlySpan<bool> labels, Span<float> grad);
        }
        """);

    [Fact]
    public void PerPairLiteralAndSetAndSetBySet() => Verify("""
        using System;
        using PairwiseLoss;

        namespace Classification;

        public static partial class Losses
        {
            [PairwiseLoss(Terms = LossTerms.PerPair, Margin = 0.25)]
            [Want("neg < pos")]
            [Want("s0 < pos")]
            public static partial float PerPair(ReadOnlySpan<float> s, ReadOnlySpan<bool> labels, Span<float> grad);
        }
        """);

    [Fact]
    public void GradedAndOrderedLists() => Verify("""
        using System;
        using PairwiseLoss;

        namespace Ranking;

        public static partial class Losses
        {
            // RankNet over graded relevance: every lower-graded item below every higher-graded one, one term per pair.
            [PairwiseLoss(Terms = LossTerms.PerPair)]
            [Want("s[i] < s[j] where g[i] < g[j]")]
            public static partial float RankNet(ReadOnlySpan<float> s, ReadOnlySpan<int> g, Span<float> grad);

            // NDCG@10-LambdaRank on lists of `items`, weighted rows, weighted mean.
            [PairwiseLoss(Batched = true, Terms = LossTerms.PerPair, PairWeight = PairWeighting.NdcgLambdaRank, TopN = 10, Reduction = LossReduction.WeightedMean)]
            [Want("scores[i] < scores[j] where relevance[i] < relevance[j]")]
            public static partial float LambdaRank(ReadOnlySpan<float> scores, ReadOnlySpan<float> relevance, int items, [RowWeights] ReadOnlySpan<float> weights, Span<float> gradient);

            // ListMLE: the shown order, one log-term per upper item.
            [PairwiseLoss(Terms = LossTerms.PerItem)]
            [Want("s[j] < s[i] where i < j")]
            public static partial double ListMle(ReadOnlySpan<double> s, Span<double> grad);

            // Graded Circle Loss (TF-Ranking's circle_loss), forward only.
            [PairwiseLoss(Circle = true, Gamma = 64, Margin = 0.25)]
            [Want("s[i] < s[j] where g[i] < g[j]")]
            public static partial double Circle(ReadOnlySpan<double> s, ReadOnlySpan<int> g);
        }
        """);

    [Fact]
    public void DecisionRulesBesideTheirLosses() => Verify("""
        using System;
        using PairwiseLoss;

        namespace Predictions;

        public static partial class Losses
        {
            [PairwiseLoss, Want("neg < 0 < pos")]
            public static partial float MultiLabel(ReadOnlySpan<float> s, ReadOnlySpan<bool> labels, Span<float> grad);

            [DecisionRule(nameof(MultiLabel))]
            public static partial void PredictLabels(ReadOnlySpan<float> s, Span<bool> labels);

            [PairwiseLoss(Batched = true), Want("neg < s0 < pos")]
            public static partial float Padded(ReadOnlySpan<float> s, ReadOnlySpan<bool> labels, int classes, Span<float> grad);

            [DecisionRule(nameof(Padded))]
            public static partial void PredictAbovePadding(ReadOnlySpan<float> s, int classes, Span<bool> labels);

            [PairwiseLoss(Batched = true), Want("others < target")]
            public static partial double Softmax(ReadOnlySpan<double> s, ReadOnlySpan<int> targets, int classes, Span<double> grad);

            [DecisionRule(nameof(Softmax))]
            internal static partial void PredictClasses(ReadOnlySpan<double> s, int classes, Span<int> predictions);

            [PairwiseLoss(Terms = LossTerms.PerPair), Want("s[i] < s[j] where g[i] < g[j]")]
            public static partial float RankNet(ReadOnlySpan<float> s, ReadOnlySpan<int> g, Span<float> grad);

            [DecisionRule(nameof(RankNet))]
            public static partial void Rank(ReadOnlySpan<float> s, Span<int> order);
        }
        """);

    [Fact]
    public void LongLiteralChainByLevels() => Verify("""
        using System;
        using PairwiseLoss;

        namespace Ranking;

        public static partial class Losses
        {
            [PairwiseLoss(Gamma = 2)]
            [Want("__CHAIN__")]
            public static partial float Chain(ReadOnlySpan<float> s, Span<float> grad);
        }
        """.Replace("__CHAIN__", string.Join(" < ", System.Linq.Enumerable.Range(0, 100).Select(i => $"s{99 - i}")), System.StringComparison.Ordinal));

    [Fact]
    public void PairShapesAndTheSumOfHinges() => Verify("""
        using System;
        using PairwiseLoss;

        namespace Margins;

        public static partial class Losses
        {
            // PyTorch's MultiLabelMarginLoss before its 1/C: every negative below every positive by 1, hinged.
            [PairwiseLoss(Terms = LossTerms.PerPair, Shape = PairShape.Hinge, Margin = 1)]
            [Want("neg < pos")]
            public static partial float MultiLabelMargin(ReadOnlySpan<float> scores, ReadOnlySpan<bool> labels, Span<float> gradient);

            // The sum of hinges in score units: the γ → ∞ limit of softplus(γz)/γ.
            [PairwiseLoss(Terms = LossTerms.PerPair, Hard = true, Margin = 0.5)]
            [Want("s2 < s1 < s0")]
            public static partial double RankingHinges(ReadOnlySpan<double> s, Span<double> grad);

            // A soft count of the violated pairs around a target.
            [PairwiseLoss(Terms = LossTerms.PerPair, Shape = PairShape.Sigmoid, Gamma = 4)]
            [Want("others < target")]
            public static partial float SoftZeroOne(ReadOnlySpan<float> scores, int target, Span<float> gradient);
        }
        """);

    [Fact]
    public void PerPairLiteralOnly() => Verify("""
        using System;
        using PairwiseLoss;

        namespace Ranking;

        public static partial class Losses
        {
            [PairwiseLoss(Terms = LossTerms.PerPair)]
            [Want("s2 < s1 < s0")]
            public static partial double Pairs(ReadOnlySpan<double> s, Span<double> grad);
        }
        """);

    [Fact]
    public void LiteralScoreAndSetInOneTerm() => Verify("""
        using System;
        using PairwiseLoss;

        namespace Classification;

        public static partial class Losses
        {
            [PairwiseLoss(Gamma = 2)]
            [Want("neg < s0")]
            public static partial float BelowAnchor(ReadOnlySpan<float> s, ReadOnlySpan<bool> labels, Span<float> grad);
        }
        """);

    [Fact]
    public void SpanParameterSides() => Verify("""
        using System;
        using PairwiseLoss;

        namespace Metric;

        public static partial class Losses
        {
            [PairwiseLoss(Gamma = 32, Margin = 0.25)]
            [Want("sn < sp")]
            public static partial float Pairwise(ReadOnlySpan<float> sp, ReadOnlySpan<float> sn, Span<float> gradSp, Span<float> gradSn);
        }
        """);

    [Fact]
    public void BatchedMultiLabel() => Verify("""
        using System;
        using PairwiseLoss;

        namespace Classification;

        public static partial class Losses
        {
            [PairwiseLoss(Batched = true)]
            [Want("neg < 0 < pos")]
            public static partial float MultiLabelBatch(ReadOnlySpan<float> scores, ReadOnlySpan<bool> labels, int classes, Span<float> gradient);
        }
        """);

    [Fact]
    public void BatchedSoftmaxWithTargets() => Verify("""
        using System;
        using PairwiseLoss;

        namespace Classification;

        public static partial class Losses
        {
            [PairwiseLoss(Batched = true)]
            [Want("others < target")]
            public static partial double SoftmaxBatch(ReadOnlySpan<double> scores, ReadOnlySpan<int> targets, int classes, Span<double> gradient);
        }
        """);

    [Fact]
    public void PerClassTermsForTheTasksOfClassesLosses() => Verify("""
        using System;
        using PairwiseLoss;

        namespace Tasks;

        public static partial class Losses
        {
            [PairwiseLoss(Gamma = 2, Margin = 0.5, Batched = true, Terms = LossTerms.PerClass)]
            [Want("others < pos")]
            public static partial float LossOne(ReadOnlySpan<float> scores, ReadOnlySpan<float> labels, int classes, Span<float> gradient);

            [PairwiseLoss(Batched = true, Terms = LossTerms.PerClass)]
            [Want("mean < pos")]
            public static partial double LossThree(ReadOnlySpan<double> scores, ReadOnlySpan<bool> labels, int classes);
        }
        """);

    [Fact]
    public void RuntimeGammaAndMargin() => Verify("""
        using System;
        using PairwiseLoss;

        namespace Classification;

        public static partial class Losses
        {
            [PairwiseLoss]
            [Want("neg < pos")]
            [Want("s1 < s0", Margin = 0.5)]
            public static partial float Unified(ReadOnlySpan<float> scores, ReadOnlySpan<bool> labels, float gamma, float margin, Span<float> gradient);
        }
        """);

    [Fact]
    public void SeveralMethodsInOneType() => Verify("""
        using System;
        using PairwiseLoss;

        namespace QuickStart;

        public static partial class Losses
        {
            [PairwiseLoss]
            [Want("s1 < s0")]
            public static partial float Rank(ReadOnlySpan<float> s, Span<float> grad);

            [PairwiseLoss]
            [Want("neg < 0 < pos")]
            public static partial float MultiLabel(ReadOnlySpan<float> s, ReadOnlySpan<bool> labels, Span<float> grad);

            [PairwiseLoss]
            [Want("others < target")]
            internal static partial double Softmax(ReadOnlySpan<double> s, int target, Span<double> grad);
        }
        """);

    [Fact]
    public void NestedTypeInNamespace() => Verify("""
        using System;
        using PairwiseLoss;

        namespace Outer.Inner
        {
            public partial class Model
            {
                internal static partial class Losses
                {
                    [PairwiseLoss]
                    [Want("s1 < s0")]
                    private static partial float Rank(ReadOnlySpan<float> s, Span<float> grad);
                }

                public partial record struct Head
                {
                    [PairwiseLoss]
                    [Want("others < target")]
                    public static partial float Softmax(ReadOnlySpan<float> s, int target, Span<float> grad);
                }
            }
        }
        """);

    [Fact]
    public void GenericContainingType() => Verify("""
        using System;
        using PairwiseLoss;

        namespace Generic;

        public partial class Trainer<TModel> where TModel : class
        {
            [PairwiseLoss]
            [Want("s1 < s0")]
            public static partial float Rank(ReadOnlySpan<float> s, Span<float> grad);
        }
        """);

    [Fact]
    public void GlobalNamespace() => Verify("""
        using System;
        using PairwiseLoss;

        public static partial class GlobalLosses
        {
            [PairwiseLoss]
            [Want("s1 < s0")]
            public static partial float Rank(ReadOnlySpan<float> s, Span<float> grad);
        }
        """);

    [Fact]
    public void WarningsAreSnapshottedBesideTheCode() => Verify("""
        using System;
        using PairwiseLoss;

        namespace Ranking;

        public static partial class Losses
        {
            [PairwiseLoss]
            [Want("s1 < s0")]
            [Want("s1 < s0")]
            public static partial float Duplicate(ReadOnlySpan<float> s, Span<float> grad);
        }
        """);

    [Fact]
    public void ForwardOnlySets() => Verify("""
        using System;
        using PairwiseLoss;

        namespace Classification;

        public static partial class Losses
        {
            [PairwiseLoss]
            [Want("neg < 0 < pos")]
            public static partial float MultiLabelForward(ReadOnlySpan<float> s, ReadOnlySpan<bool> labels);
        }
        """);

    [Fact]
    public void CircleLossDetached() => Verify("""
        using System;
        using PairwiseLoss;

        namespace Metric;

        public static partial class Losses
        {
            [PairwiseLoss(Circle = true, Gamma = 80, Margin = 0.4)]
            [Want("sn < sp")]
            public static partial float Circle(ReadOnlySpan<float> sp, ReadOnlySpan<float> sn, Span<float> gradSp, Span<float> gradSn);
        }
        """);

    [Fact]
    public void CircleLossFullGradientRuntimeSettings() => Verify("""
        using System;
        using PairwiseLoss;

        namespace Metric;

        public static partial class Losses
        {
            [PairwiseLoss(Circle = true, CircleFullGradient = true)]
            [Want("sn < sp")]
            public static partial double Circle(ReadOnlySpan<double> sp, ReadOnlySpan<double> sn, double gamma, double margin, Span<double> gradSp, Span<double> gradSn);
        }
        """);

    [Fact]
    public void HardMode() => Verify("""
        using System;
        using PairwiseLoss;

        namespace Ranking;

        public static partial class Losses
        {
            [PairwiseLoss(Hard = true, Margin = 1)]
            [Want("s2 < s1 < s0")]
            [Want("neg < s0")]
            public static partial float Hinge(ReadOnlySpan<float> s, ReadOnlySpan<bool> labels, Span<float> grad);
        }
        """);
}
