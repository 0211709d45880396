using Mono.Unix.Native;
using Sweep.Training.Datasets;
using Sweep.Training.Files;
using Sweep.Training.Sweeps;

namespace Sweep.Training.Tests.Files;

public sealed class InputFileTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("sweep-input-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [SkippableFact]
    public void ReadText_FilesThatAreNotRegular_AreRefusedByKindWithoutOpeningThem()
    {
        Skip.If(OperatingSystem.IsWindows(), "devices and FIFOs are Unix files");
        var fifo = Path.Combine(folder, "sweep.yaml");
        Assert.Equal(0, Syscall.mkfifo(fifo, FilePermissions.S_IRUSR | FilePermissions.S_IWUSR));

        // Opening the FIFO would wait for a writer for ever; reading /dev/zero would never end.
        var pipe = Assert.Throws<SweepFileException>(() => SweepFile.ReadText(fifo));
        var device = Assert.Throws<SweepFileException>(() => SweepFile.ReadText("/dev/zero"));
        var directory = Assert.Throws<SweepFileException>(() => SweepFile.ReadText(folder));

        Assert.Equal($"{fifo}: is a FIFO (named pipe), not a sweep file: only regular files are read", pipe.Message);
        Assert.Equal("/dev/zero: is a device, not a sweep file: only regular files are read", device.Message);
        Assert.Equal($"{folder}: is a directory, not a sweep file: only regular files are read", directory.Message);
    }

    [Fact]
    public void ReadText_FileAboveTheLimit_IsRefusedWithItsSizeAndTheLimit()
    {
        var path = Path.Combine(folder, "big.yaml");
        File.WriteAllText(path, "name: big\n" + new string('#', (int)InputFile.MaxSweepFileBytes));

        var error = Assert.Throws<SweepFileException>(() => SweepFile.ReadText(path));

        Assert.Equal($"{path}: is 1048586 bytes; a sweep file may have at most 1048576 bytes (1 MiB)", error.Message);
    }

    [SkippableFact]
    public void DataFile_ThatIsADevice_IsRefusedBeforeItIsRead()
    {
        Skip.If(OperatingSystem.IsWindows(), "devices are Unix files");

        var error = Assert.Throws<InvalidDataException>(() => DataFiles.HashOfFile("/dev/zero"));

        Assert.Equal("/dev/zero: is a device, not a data file: only regular files are read", error.Message);
    }

    [Fact]
    public void Problem_RegularFileWithinTheLimit_IsNone()
    {
        var path = Path.Combine(folder, "ok.csv");
        File.WriteAllText(path, "x,y\n1,0\n");

        Assert.Null(InputFile.Problem(path, 8, "a data file"));
        Assert.Equal("is 8 bytes; a data file may have at most 7 bytes", InputFile.Problem(path, 7, "a data file"));
    }
}
