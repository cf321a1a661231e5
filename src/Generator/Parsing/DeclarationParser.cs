using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using PairwiseLoss.Generator.Algebra;
using PairwiseLoss.Generator.Diagnostics;
using PairwiseLoss.Generator.Infrastructure;
using PairwiseLoss.Generator.Model;

namespace PairwiseLoss.Generator.Parsing;

/// <summary>
/// The parse step's output: a model when the declaration is valid, and its diagnostics either way; when it has errors,
/// the declaration that completes the partial method (<see cref="InvalidDeclarations"/>), if one can.
/// </summary>
internal sealed record ParseResult(LossMethodModel? Model, EquatableArray<DiagnosticInfo> Diagnostics, InvalidDeclaration? Invalid = null);

/// <summary>
/// Turns a <c>[PairwiseLoss]</c> method into a <see cref="LossMethodModel"/>: validates the signature, parses every
/// <c>[Want]</c> string, resolves names to sides and hands the pairs to the <see cref="LossPlanner"/>.
/// </summary>
internal static class DeclarationParser
{
    public const string LossAttributeName = "PairwiseLoss.PairwiseLossAttribute";
    public const string WantAttributeName = "PairwiseLoss.WantAttribute";

    /// <summary>The largest literal score index: literal constraints become straight-line code.</summary>
    public const int MaxLiteralIndex = 65535;

    public static ParseResult Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        var diagnostics = new List<DiagnosticInfo>();
        var model = ParseMethod(context, diagnostics, cancellationToken);
        var invalid = model is null && context.TargetNode is MethodDeclarationSyntax syntax && context.TargetSymbol is IMethodSymbol method
            ? InvalidDeclarations.Create(syntax, method, diagnostics)
            : null;
        return new ParseResult(model, diagnostics.ToEquatableArray(), invalid);
    }

    /// <summary>A method with [Want] (the second attribute pipeline): PL0032 unless it also has [PairwiseLoss].</summary>
    public static ParseResult ParseWantWithoutLoss(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.TargetNode is not MethodDeclarationSyntax syntax || context.TargetSymbol is not IMethodSymbol method
            || HasLossAttribute(method) || HasLossAttribute(method.PartialDefinitionPart) || HasLossAttribute(method.PartialImplementationPart))
        {
            return new ParseResult(null, default);
        }

        var location = context.Attributes[0].ApplicationSyntaxReference?.GetSyntax(cancellationToken) is AttributeSyntax attribute
            ? attribute.Name.GetLocation()
            : syntax.Identifier.GetLocation();
        var diagnostics = new[] { DiagnosticInfo.Create(DiagnosticDescriptors.WantWithoutLoss, location, method.Name) };
        return new ParseResult(null, diagnostics.ToEquatableArray(), InvalidDeclarations.ForWantWithoutLoss(syntax, method, diagnostics));
    }

    private static bool HasLossAttribute(IMethodSymbol? method)
    {
        if (method is null)
        {
            return false;
        }

        foreach (var attribute in method.GetAttributes())
        {
            if (attribute.AttributeClass?.ToDisplayString() == LossAttributeName)
            {
                return true;
            }
        }

        return false;
    }

    private static LossMethodModel? ParseMethod(GeneratorAttributeSyntaxContext context, List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
    {
        if (context.TargetNode is not MethodDeclarationSyntax syntax || context.TargetSymbol is not IMethodSymbol method)
        {
            return null;
        }

        var nameLocation = syntax.Identifier.GetLocation();
        var errors = diagnostics.Count;
        void Report(DiagnosticDescriptor descriptor, Location location, params string[] arguments) =>
            diagnostics.Add(DiagnosticInfo.Create(descriptor, location, arguments));

        if (!syntax.Modifiers.Any(SyntaxKind.PartialKeyword) || syntax.Body is not null || syntax.ExpressionBody is not null)
        {
            var isPartial = syntax.Modifiers.Any(SyntaxKind.PartialKeyword);
            var hasBody = syntax.Body is not null || syntax.ExpressionBody is not null;
            Report(DiagnosticDescriptors.MethodNotPartial, nameLocation, method.Name,
                !isPartial && hasBody ? "add 'partial' and remove the body" : isPartial ? "remove the body" : "add 'partial'");
        }

        if (!HasAccessibility(syntax))
        {
            // A partial method that returns a value must say its accessibility; without it the compiler reports
            // CS8796 in the generated file instead of on the user's line.
            Report(DiagnosticDescriptors.MissingAccessibility, nameLocation, method.Name);
        }

        if (!method.IsStatic)
        {
            Report(DiagnosticDescriptors.MethodNotStatic, nameLocation, method.Name);
        }

        if (method.IsGenericMethod)
        {
            Report(DiagnosticDescriptors.GenericMethod, nameLocation, method.Name);
        }

        var containingTypes = ParseContainingTypes(syntax, Report);
        ElementType element;
        switch (method.ReturnType.SpecialType)
        {
            case SpecialType.System_Single:
                element = ElementType.Float;
                break;
            case SpecialType.System_Double:
                element = ElementType.Double;
                break;
            default:
                Report(DiagnosticDescriptors.UnsupportedReturnType, syntax.ReturnType.GetLocation(), method.Name, method.ReturnType.ToDisplayString());
                return null;
        }

        var settings = ParseLossAttribute(context.Attributes[0], Report, cancellationToken);
        var beforeWants = diagnostics.Count;
        var wants = ParseWants(method, Report, cancellationToken, out var brokenQuantified);
        if (brokenQuantified)
        {
            // A graded or ordered constraint that did not parse: its error is the mistake, and the parameters it would
            // have named (the grades) must not be reported as not understood beside it.
            return null;
        }

        if (wants.Find(static want => want.Quantified is not null) is { } ranked)
        {
            return RankedDeclarations.Parse(syntax, method, element, containingTypes, settings, wants, ranked, diagnostics, Report);
        }

        var constraintsComplete = diagnostics.Count == beforeWants && NamesLookKnown(wants, method);
        if (wants.Count == 0 && diagnostics.Count == errors)
        {
            Report(DiagnosticDescriptors.NoConstraints, nameLocation, method.Name);
        }

        var sideNames = new HashSet<string>(wants.SelectMany(static want => want.Sides).Where(static side => side.Kind == SideSyntaxKind.Name).Select(static side => side.Name));
        var signature = SignatureParser.Parse(method, element, settings.Batched, NeedsLabels(wants), Report, constraintsComplete, sides: sideNames);
        if (signature is { SoftTarget: true })
        {
            return TargetDistributions.Parse(syntax, method, element, containingTypes, settings, wants, signature, diagnostics, Report);
        }

        var pairs = SideResolver.Resolve(wants, signature, settings.Margin, settings.Terms == (int)TermMode.PerClass, Report);

        ValidateMode(settings, pairs, nameLocation, Report);
        if (HasErrors(diagnostics) || signature is null)
        {
            return null;
        }

        cancellationToken.ThrowIfCancellationRequested();
        var plan = LossPlanner.Plan(pairs, marginInFactors: settings.Circle);
        if (OutOfRangeConstant(plan, settings.Gamma, signature.RuntimeGamma, element) is { } outOfRange)
        {
            Report(DiagnosticDescriptors.ConstantOutOfRange, nameLocation, outOfRange.Name, Format(outOfRange.Value), element == ElementType.Float ? "float" : "double");
            return null;
        }

        var constraints = new List<ConstraintText>();
        foreach (var want in wants)
        {
            constraints.Add(new ConstraintText(want.Text, want.Margin ?? settings.Margin, want.Weight));
        }

        var levels = LiteralLevelsOf(plan, settings, signature, wants);

        return Model(syntax, method, element, containingTypes, signature.Parameters, settings, signature.Labels, constraints.ToEquatableArray(), plan, levels);
    }

    /// <summary>
    /// The model of a valid declaration: γ, the terms, the mode and the pair shape come from the settings (the hard mode
    /// measures in score units, γ = 1, and is the hinge per pair).
    /// </summary>
    internal static LossMethodModel Model(
        MethodDeclarationSyntax syntax,
        IMethodSymbol method,
        ElementType element,
        EquatableArray<TypeDeclarationModel> containingTypes,
        EquatableArray<ParameterModel> parameters,
        LossSettings settings,
        LabelKind labels,
        EquatableArray<ConstraintText> constraints,
        LossPlan plan,
        RankedModel? ranked) =>
        new(
            method.ContainingNamespace.IsGlobalNamespace ? string.Empty : method.ContainingNamespace.ToDisplayString(),
            containingTypes,
            syntax.Modifiers.ToString(),
            method.Name,
            element,
            parameters,
            settings.Hard ? 1 : settings.Gamma,
            (TermMode)settings.Terms,
            settings.Batched,
            settings.Mode,
            labels,
            constraints,
            plan,
            MemberNames(method.ContainingType),
            settings.Hard ? PairShapeKind.Hinge : (PairShapeKind)settings.Shape,
            ranked);

    /// <summary>
    /// Long literal constraints that rank whole levels (a chain <c>s99 &lt; … &lt; s0</c>) lower to the graded kernels: one log-term
    /// or one term per pair, smooth or hard per pair, one row, one scores span.
    /// </summary>
    private static RankedModel? LiteralLevelsOf(LossPlan plan, LossSettings settings, Signature signature, List<WantModel> wants)
    {
        var terms = (TermMode)settings.Terms;
        if (settings.Batched || settings.Circle || signature.ScoreSpans.Count != 1
            || !(terms == TermMode.Single && !settings.Hard || terms == TermMode.PerPair)
            || LiteralLevels.Find(plan) is not { } levels)
        {
            return null;
        }

        var block = plan.Blocks[0];
        return new RankedModel(LevelSource.Literal, string.Join("; ", wants.Select(static want => want.Text)), block.Margin,
            PairWeightingKind.None, 0, 10, ReductionKind.Mean, block.RuntimeMargin, levels.ToEquatableArray());
    }

    /// <summary>The names the generated locals must not take: the containing type's members (names only, cheap).</summary>
    /// <summary>The Shape setting as the user wrote it, for messages.</summary>
    internal static string ShapeSetting(int shape) => "Shape = PairShape." + (PairShapeKind)shape;

    /// <summary>The Terms setting as the user wrote it, for messages.</summary>
    internal static string TermsSetting(int terms) => "Terms = LossTerms." + (TermMode)terms;

    internal static EquatableArray<string> MemberNames(INamedTypeSymbol type)
    {
        var names = new List<string>(type.MemberNames);
        names.Sort(StringComparer.Ordinal);
        return names.ToEquatableArray();
    }

    /// <summary>Circle needs set sides on separate spans (its terms are kept per span); Hard needs one log-term.</summary>
    private static void ValidateMode(LossSettings settings, List<Pair> pairs, Location nameLocation, ReportDiagnostic report)
    {
        foreach (var (setting, location) in settings.RankedOnly())
        {
            report(DiagnosticDescriptors.NeedsRankedConstraint, location ?? nameLocation, setting);
        }

        if (settings.Circle && settings.Hard)
        {
            report(DiagnosticDescriptors.IncompatibleModes, settings.HardLocation ?? nameLocation, "Circle", "Hard");
        }

        if (settings.CircleFullGradient && !settings.Circle)
        {
            report(DiagnosticDescriptors.FullGradientWithoutCircle, settings.CircleFullGradientLocation ?? nameLocation);
        }

        if (settings.Shape != (int)PairShapeKind.Logistic && settings.Terms != (int)TermMode.PerPair)
        {
            report(DiagnosticDescriptors.ShapeWithoutPerPair, settings.ShapeLocation ?? nameLocation, ShapeSetting(settings.Shape));
        }
        else if (settings.Hard && settings.Shape is not ((int)PairShapeKind.Logistic or (int)PairShapeKind.Hinge))
        {
            // Hard per pair is the sum of hinges, the γ → ∞ limit of the logistic terms; other shapes have no such limit.
            report(DiagnosticDescriptors.IncompatibleModes, settings.HardLocation ?? nameLocation, "Hard", ShapeSetting(settings.Shape));
        }

        if (settings.Hard && settings.Terms == (int)TermMode.PerClass)
        {
            report(DiagnosticDescriptors.IncompatibleModes, settings.HardLocation ?? nameLocation, "Hard", TermsSetting(settings.Terms));
        }
        else if (settings.Terms == (int)TermMode.PerClass && !settings.Circle && !IsPerClassShape(settings, pairs))
        {
            // Hard or Circle with PerClass is already PL0027: one error for one mistake.
            report(DiagnosticDescriptors.PerClassShape, nameLocation);
        }

        if (!settings.Circle)
        {
            return;
        }

        if (settings.Terms != (int)TermMode.Single)
        {
            report(DiagnosticDescriptors.IncompatibleModes, settings.CircleLocation ?? nameLocation, "Circle", TermsSetting(settings.Terms));
        }

        // Each span holds one factor: its self-paced terms are kept in that span's gradient.
        var factorOfSpan = new Dictionary<int, (Side Side, bool Right)>();
        foreach (var pair in pairs)
        {
            foreach (var factor in new[] { (pair.Left, false), (pair.Right, true) })
            {
                var side = factor.Item1;
                if (!side.IsSet || (factorOfSpan.TryGetValue(side.Span, out var existing) && existing != factor))
                {
                    report(DiagnosticDescriptors.CircleShape, settings.CircleLocation ?? nameLocation, pair.Text);
                    return;
                }

                factorOfSpan[side.Span] = factor;
            }
        }
    }

    /// <summary>The per-class losses that have a kernel: eq. loss-1 and eq. loss-3 of Su Jianlin, https://kexue.fm/archives/9158, batched.</summary>
    private static bool IsPerClassShape(LossSettings settings, List<Pair> pairs) =>
        settings.Batched && !settings.Circle && !settings.Hard && pairs.Count == 1
        && pairs[0].Left.Kind is SideKind.Others or SideKind.Mean
        && pairs[0].Right.Kind == SideKind.Positive;

    internal static bool HasAccessibility(MethodDeclarationSyntax syntax) =>
        syntax.Modifiers.Any(SyntaxKind.PublicKeyword) || syntax.Modifiers.Any(SyntaxKind.PrivateKeyword)
        || syntax.Modifiers.Any(SyntaxKind.InternalKeyword) || syntax.Modifiers.Any(SyntaxKind.ProtectedKeyword);

    /// <summary>
    /// Every number the emitter writes as a literal (γ, weights, margins, thresholds and their folded products) must be
    /// finite in the element type: 1e300 is a double but not a float, and γ·m can overflow either.
    /// </summary>
    private static (string Name, double Value)? OutOfRangeConstant(LossPlan plan, double gamma, bool runtimeGamma, ElementType element)
    {
        bool Fits(double value) => element == ElementType.Float ? !float.IsInfinity((float)value) && !double.IsInfinity(value) : !double.IsInfinity(value);

        if (!runtimeGamma && !Fits(gamma))
        {
            return ("Gamma", gamma);
        }

        foreach (var block in plan.Blocks)
        {
            var shift = block.Margin + block.Constant;
            var candidates = new List<(string, double)>
            {
                ("Weight", block.Weight), ("Margin", block.Margin), ("threshold", block.Constant), ("margin + threshold", shift),
            };
            if (!runtimeGamma)
            {
                candidates.Add(("γ·(margin + threshold)", gamma * shift));
                candidates.Add(("log(Weight) + γ·(margin + threshold)", Math.Log(block.Weight) + (gamma * shift)));
                candidates.Add(("γ·Weight", gamma * block.Weight));
            }

            foreach (var (name, value) in candidates)
            {
                if (!Fits(value))
                {
                    return (name, value);
                }
            }
        }

        return null;
    }

    internal static bool HasErrors(List<DiagnosticInfo> diagnostics)
    {
        foreach (var diagnostic in diagnostics)
        {
            if (diagnostic.Descriptor.DefaultSeverity == DiagnosticSeverity.Error)
            {
                return true;
            }
        }

        return false;
    }

    internal static EquatableArray<TypeDeclarationModel> ParseContainingTypes(MethodDeclarationSyntax syntax, ReportDiagnostic report)
    {
        var types = new List<TypeDeclarationModel>();
        for (var node = syntax.Parent; node is TypeDeclarationSyntax type; node = node.Parent)
        {
            if (!type.Modifiers.Any(SyntaxKind.PartialKeyword))
            {
                report(DiagnosticDescriptors.TypeNotPartial, type.Identifier.GetLocation(), type.Identifier.Text);
            }

            var keyword = type is RecordDeclarationSyntax record
                ? record.ClassOrStructKeyword.IsKind(SyntaxKind.StructKeyword) ? "record struct" : "record"
                : type.Keyword.Text;
            types.Insert(0, new TypeDeclarationModel(keyword, type.Identifier.Text + (type.TypeParameterList?.ToString() ?? string.Empty)));
        }

        return types.ToEquatableArray();
    }

    private static LossSettings ParseLossAttribute(AttributeData attribute, ReportDiagnostic report, CancellationToken cancellationToken)
    {
        var settings = new LossSettings();
        foreach (var argument in attribute.NamedArguments)
        {
            var value = argument.Value;
            if (value.Kind == TypedConstantKind.Error || value.Value is null)
            {
                continue;
            }

            var location = NamedArgumentLocation(attribute, argument.Key, cancellationToken);
            switch (argument.Key)
            {
                case "Gamma" when value.Value is double gamma:
                    if (!(gamma > 0) || double.IsInfinity(gamma))
                    {
                        report(DiagnosticDescriptors.InvalidGamma, location, Format(gamma));
                    }

                    settings.Gamma = gamma;
                    break;
                case "Margin" when value.Value is double margin:
                    if (double.IsNaN(margin) || double.IsInfinity(margin))
                    {
                        report(DiagnosticDescriptors.InvalidMargin, location, Format(margin));
                    }

                    settings.Margin = margin;
                    break;
                case "Terms" when value.Value is int terms:
                    settings.Terms = terms;
                    settings.TermsLocation = location;
                    break;
                case "PairWeight" when value.Value is int weighting:
                    settings.PairWeight = weighting;
                    settings.PairWeightLocation = location;
                    break;
                case "TopN" when value.Value is int topN:
                    settings.TopN = topN;
                    settings.TopNLocation = location;
                    break;
                case "LambdaMu" when value.Value is double mu:
                    settings.LambdaMu = mu;
                    settings.LambdaMuLocation = location;
                    break;
                case "Reduction" when value.Value is int reduction:
                    settings.Reduction = reduction;
                    settings.ReductionLocation = location;
                    break;
                case "Batched" when value.Value is bool batched:
                    settings.Batched = batched;
                    break;
                case "Circle" when value.Value is bool circle:
                    settings.Circle = circle;
                    settings.CircleLocation = location;
                    break;
                case "CircleFullGradient" when value.Value is bool full:
                    settings.CircleFullGradient = full;
                    settings.CircleFullGradientLocation = location;
                    break;
                case "Hard" when value.Value is bool hard:
                    settings.Hard = hard;
                    settings.HardLocation = location;
                    break;
                case "Shape" when value.Value is int shape:
                    if (!PairShapeDescriptor.IsDefined(shape))
                    {
                        report(DiagnosticDescriptors.UnknownShape, location, shape.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    }

                    settings.Shape = shape;
                    settings.ShapeLocation = location;
                    break;
            }
        }

        return settings;
    }

    private static List<WantModel> ParseWants(IMethodSymbol method, ReportDiagnostic report, CancellationToken cancellationToken, out bool brokenQuantified)
    {
        var wants = new List<WantModel>();
        brokenQuantified = false;
        foreach (var attribute in method.GetAttributes())
        {
            if (attribute.AttributeClass?.ToDisplayString() != WantAttributeName
                || attribute.ConstructorArguments.Length != 1
                || attribute.ConstructorArguments[0].Kind == TypedConstantKind.Error
                || attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) is not AttributeSyntax attributeSyntax
                || attributeSyntax.ArgumentList is null)
            {
                continue;
            }

            var expression = ConstructorArgument(attributeSyntax);
            if (expression is null)
            {
                continue;
            }

            // [Want(null)] says nothing: the same as an empty constraint.
            var text = attribute.ConstructorArguments[0].Value as string ?? string.Empty;

            double? margin = null;
            var weight = 1.0;
            Location? weightLocation = null;
            foreach (var argument in attribute.NamedArguments)
            {
                if (argument.Value.Kind == TypedConstantKind.Error || argument.Value.Value is not double number)
                {
                    continue;
                }

                var location = NamedArgumentLocation(attribute, argument.Key, cancellationToken);
                if (argument.Key == "Margin")
                {
                    if (double.IsNaN(number) || double.IsInfinity(number))
                    {
                        report(DiagnosticDescriptors.InvalidMargin, location, Format(number));
                    }

                    margin = number;
                }
                else if (argument.Key == "Weight")
                {
                    if (!(number >= 0) || double.IsInfinity(number))
                    {
                        report(DiagnosticDescriptors.InvalidWeight, location, Format(number));
                    }

                    weight = number;
                    weightLocation = location;
                }
            }

            var locator = new ConstraintLocator(expression);
            if (QuantifiedConstraintParser.Applies(text))
            {
                var quantified = QuantifiedConstraintParser.Parse(text, out var quantifiedError);
                if (quantifiedError is { } wrong)
                {
                    ReportSyntaxError(wrong, locator, report);
                    brokenQuantified = true;
                    continue;
                }

                wants.Add(new WantModel(text, Array.Empty<SideSyntax>(), margin, weight, locator, quantified, weightLocation));
                continue;
            }

            var chain = ConstraintParser.Parse(text);
            if (chain.Error is { } error)
            {
                ReportSyntaxError(error, locator, report);
                continue;
            }

            wants.Add(new WantModel(text, chain.Sides, margin, weight, locator));
        }

        return wants;
    }

    private static void ReportSyntaxError(ConstraintError error, ConstraintLocator locator, ReportDiagnostic report)
    {
        var location = locator.At(error.Start, error.Length);
        switch (error.Kind)
        {
            case ConstraintErrorKind.Empty:
                report(DiagnosticDescriptors.EmptyConstraint, locator.Whole);
                break;
            case ConstraintErrorKind.GreaterThan:
                report(DiagnosticDescriptors.GreaterThan, location, error.Message);
                break;
            case ConstraintErrorKind.Quantifier:
                report(DiagnosticDescriptors.QuantifierMismatch, location, error.Message);
                break;
            case ConstraintErrorKind.NegativeIndex:
                report(DiagnosticDescriptors.IndexOutOfRange, location, error.Message, MaxLiteralIndex.ToString(CultureInfo.InvariantCulture));
                break;
            default:
                report(DiagnosticDescriptors.SyntaxError, location, error.Message);
                break;
        }
    }

    /// <summary>
    /// Whether every name in the constraints can mean something: a set, a parameter, or a score such as s0. When one
    /// cannot (a typo such as "poss"), its PL0011 is the mistake, and a labels span that no constraint seems to use is
    /// not reported beside it.
    /// </summary>
    private static bool NamesLookKnown(List<WantModel> wants, IMethodSymbol method)
    {
        bool IsParameter(string name)
        {
            foreach (var parameter in method.Parameters)
            {
                if (parameter.Name == name)
                {
                    return true;
                }
            }

            return false;
        }

        foreach (var want in wants)
        {
            foreach (var side in want.Sides)
            {
                if (side.Kind != SideSyntaxKind.Name
                    || side.Name is SideResolver.Positive or SideResolver.Negative or SideResolver.Target or SideResolver.Others or SideResolver.Mean
                    || IsParameter(side.Name))
                {
                    continue;
                }

                var prefix = side.Name.TrimEnd('0', '1', '2', '3', '4', '5', '6', '7', '8', '9');
                if (prefix.Length == side.Name.Length || !(prefix == SideResolver.ScoresAlias || IsParameter(prefix)))
                {
                    return false;
                }
            }
        }

        return true;
    }

    private static bool NeedsLabels(List<WantModel> wants)
    {
        foreach (var want in wants)
        {
            foreach (var side in want.Sides)
            {
                if (side.Kind == SideSyntaxKind.Name && side.Name is SideResolver.Positive or SideResolver.Negative)
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>The constructor's argument, written positionally or by name (<c>constraint: "…"</c>).</summary>
    private static ExpressionSyntax? ConstructorArgument(AttributeSyntax attribute)
    {
        foreach (var argument in attribute.ArgumentList!.Arguments)
        {
            if (argument.NameEquals is null)
            {
                return argument.Expression;
            }
        }

        return null;
    }

    private static Location NamedArgumentLocation(AttributeData attribute, string name, CancellationToken cancellationToken)
    {
        if (attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) is AttributeSyntax { ArgumentList: { } list } syntax)
        {
            foreach (var argument in list.Arguments)
            {
                if (argument.NameEquals?.Name.Identifier.Text == name)
                {
                    return argument.GetLocation();
                }
            }

            return syntax.GetLocation();
        }

        return Location.None;
    }

    internal static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    internal sealed class LossSettings
    {
        public Location? TermsLocation { get; set; }

        public int PairWeight { get; set; }

        public Location? PairWeightLocation { get; set; }

        public int TopN { get; set; }

        public Location? TopNLocation { get; set; }

        public double LambdaMu { get; set; } = 10;

        public Location? LambdaMuLocation { get; set; }

        public int Reduction { get; set; }

        public Location? ReductionLocation { get; set; }

        /// <summary>The settings that only a graded or ordered constraint reads, as written, where they are set.</summary>
        public IEnumerable<(string Setting, Location? Location)> RankedOnly()
        {
            if (Terms == (int)TermMode.PerItem)
            {
                yield return ("Terms = LossTerms.PerItem", TermsLocation);
            }

            if (PairWeight != 0)
            {
                yield return ("PairWeight = PairWeighting." + (PairWeightingKind)PairWeight, PairWeightLocation);
            }

            if (TopN != 0)
            {
                yield return ("TopN = " + TopN.ToString(CultureInfo.InvariantCulture), TopNLocation);
            }

            if (LambdaMuLocation is not null)
            {
                yield return ("LambdaMu = " + Format(LambdaMu), LambdaMuLocation);
            }

            if (Reduction != 0)
            {
                yield return ("Reduction = LossReduction." + (ReductionKind)Reduction, ReductionLocation);
            }
        }

        public double Gamma { get; set; } = 1;

        public double Margin { get; set; }

        public int Terms { get; set; }

        public bool Batched { get; set; }

        public bool Circle { get; set; }

        public bool CircleFullGradient { get; set; }

        public bool Hard { get; set; }

        public Location? CircleLocation { get; set; }

        public Location? HardLocation { get; set; }

        public Location? CircleFullGradientLocation { get; set; }

        public int Shape { get; set; }

        public Location? ShapeLocation { get; set; }

        public LossMode Mode => Hard ? LossMode.Hard : Circle ? (CircleFullGradient ? LossMode.CircleFullGradient : LossMode.Circle) : LossMode.Smooth;
    }
}

internal delegate void ReportDiagnostic(DiagnosticDescriptor descriptor, Location location, params string[] arguments);

/// <summary>One parsed <c>[Want]</c>: its chain of sides and the overrides it carries.</summary>
internal sealed record WantModel(string Text, IReadOnlyList<SideSyntax> Sides, double? Margin, double Weight, ConstraintLocator Locator, QuantifiedConstraint? Quantified = null, Location? WeightLocation = null);
