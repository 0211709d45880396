using System.Reflection;
using System.Reflection.Emit;
using Sweep.Training.Torch;
using TorchSharp;

namespace Sweep.Training.Tests.Engine;

/// <summary>
/// No code in Sweep.Training hands libtorch a <see cref="Scalar"/> that nothing holds: neither an implicit conversion from
/// a number nor a TorchSharp overload that makes one inside (see the remarks of <see cref="TorchTrainer"/>). Read from
/// the compiled IL, so that a new call site cannot slip past.
/// </summary>
public sealed class TorchScalarTests
{
    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(field => (OpCode)field.GetValue(null)!)
        .ToDictionary(op => op.Value);

    [Fact]
    public void TrainingAssembly_PassesNoUnheldScalarToLibtorch()
    {
        var offenders = new List<string>();
        var madeInside = new Dictionary<MethodBase, bool>();
        foreach (var type in typeof(TorchTrainer).Assembly.GetTypes())
        {
            foreach (var method in Bodies(type))
            {
                foreach (var callee in Calls(method))
                {
                    if (IsImplicitScalar(callee))
                    {
                        offenders.Add($"{type.FullName}.{method.Name}: an implicit conversion to Scalar");
                    }
                    else if (callee.DeclaringType?.Assembly == typeof(Scalar).Assembly && MakesScalarInside(callee, madeInside))
                    {
                        offenders.Add($"{type.FullName}.{method.Name}: {callee.DeclaringType.Name}.{callee}, which makes a Scalar inside");
                    }
                }
            }
        }

        Assert.True(offenders.Count == 0, string.Join(Environment.NewLine, offenders.Distinct()));
    }

    [Fact]
    public void Scan_FindsTheConversionsItLooksFor()
    {
        var method = typeof(TorchScalarTests).GetMethod(nameof(Offender), BindingFlags.NonPublic | BindingFlags.Static)!;
        var madeInside = new Dictionary<MethodBase, bool>();

        var calls = Calls(method).ToArray();

        Assert.Contains(calls, IsImplicitScalar);
        Assert.Contains(calls, callee => callee.Name == "add" && MakesScalarInside(callee, madeInside));
    }

    private static torch.Tensor Offender(torch.Tensor x) => x.mul(2.0).add(x);

    [Fact]
    public void Scan_FindsAScalarMadeTwoCallsDeep()
    {
        var method = typeof(TorchScalarTests).GetMethod(nameof(DeepOffender), BindingFlags.NonPublic | BindingFlags.Static)!;
        var madeInside = new Dictionary<MethodBase, bool>();

        // The + operator calls add(Tensor), which calls add(Tensor, 1).
        Assert.Contains(Calls(method), callee => callee.Name == "op_Addition" && MakesScalarInside(callee, madeInside));
    }

    private static torch.Tensor DeepOffender(torch.Tensor x) => x + x;

    private static bool IsImplicitScalar(MethodBase callee) => callee.DeclaringType == typeof(Scalar) && callee.Name == "op_Implicit";

    // Whether TorchSharp's method makes a Scalar itself or through the TorchSharp methods it calls, a few calls deep:
    // add(Tensor) calls add(Tensor, 1), the + operator calls add(Tensor), square() calls pow(2).
    private static bool MakesScalarInside(MethodBase callee, Dictionary<MethodBase, bool> known, int depth = 0)
    {
        const int MaxDepth = 3;
        if (known.TryGetValue(callee, out var makes))
        {
            return makes;
        }

        known[callee] = false;
        makes = Calls(callee).Any(inner =>
            IsImplicitScalar(inner)
            || (inner.DeclaringType == typeof(ScalarExtensionMethods) && inner.Name == "ToScalar")
            || (depth < MaxDepth && inner.DeclaringType?.Assembly == typeof(Scalar).Assembly && MakesScalarInside(inner, known, depth + 1)));
        known[callee] = makes;
        return makes;
    }

    private static IEnumerable<MethodBase> Bodies(Type type)
    {
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        return type.GetMethods(all).Cast<MethodBase>().Concat(type.GetConstructors(all));
    }

    private static IEnumerable<MethodBase> Calls(MethodBase method)
    {
        var il = method.GetMethodBody()?.GetILAsByteArray();
        if (il is null)
        {
            yield break;
        }

        var typeArguments = method.DeclaringType is { IsGenericType: true } declaring ? declaring.GetGenericArguments() : null;
        var methodArguments = method.IsGenericMethod ? method.GetGenericArguments() : null;
        for (var i = 0; i < il.Length;)
        {
            var op = il[i] == 0xFE ? OpCodesByValue[(short)(0xFE00 | il[i + 1])] : OpCodesByValue[il[i]];
            i += op.Size;
            if (op == OpCodes.Call || op == OpCodes.Callvirt || op == OpCodes.Newobj)
            {
                yield return method.Module.ResolveMethod(BitConverter.ToInt32(il, i), typeArguments, methodArguments)!;
            }

            i += op.OperandType switch
            {
                OperandType.InlineNone => 0,
                OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
                OperandType.InlineVar => 2,
                OperandType.InlineI8 or OperandType.InlineR => 8,
                OperandType.InlineSwitch => 4 + (4 * BitConverter.ToInt32(il, i)),
                _ => 4,
            };
        }
    }
}
