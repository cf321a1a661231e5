using System;
using System.Runtime.Intrinsics;

namespace PairwiseLoss.Runtime.Tests;

/// <summary>
/// The test assembly's entry point (instead of the one Microsoft.NET.Test.Sdk generates, which does nothing): with
/// <c>--vector-widths</c> it prints whether Vector512, Vector256 and Vector128 are hardware accelerated in this process,
/// so that <see cref="VectorWidthTests"/> can start it with <c>dotnet exec</c> under each instruction-set switch
/// (a fraction of a second, where a child <c>dotnet test</c> takes seconds). Test runners never call it.
/// </summary>
public static class WidthProbe
{
    public const string Argument = "--vector-widths";

    public static int Main(string[] args)
    {
        if (args.Length == 1 && args[0] == Argument)
        {
            Console.WriteLine($"{Vector512.IsHardwareAccelerated} {Vector256.IsHardwareAccelerated} {Vector128.IsHardwareAccelerated}");
            return 0;
        }

        Console.Error.WriteLine($"PairwiseLoss.Runtime.Tests is a test assembly: run it with dotnet test ({Argument} prints the vector widths).");
        return 2;
    }
}
