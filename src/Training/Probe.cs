namespace Sweep.Training;

public static class Probe
{
    public static float Sum() => TorchSharp.torch.ones(3).sum().item<float>();
}
