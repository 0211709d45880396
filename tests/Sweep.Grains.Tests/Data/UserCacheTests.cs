using Sweep.Grains.Data;

namespace Sweep.Grains.Tests.Data;

/// <summary>Where data copies are kept: in the user's cache, readable by the user only, never in a folder someone else made.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class UserCacheTests : IDisposable
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private readonly DirectoryInfo home = Directory.CreateTempSubdirectory("sweep-cache-home-");

    public void Dispose() => home.Delete(recursive: true);

    [Fact]
    public void Private_UnderXdgCacheHome_IsCreatedForItsUserOnly()
    {
        var folder = UserCache.Private("data", Variables(home.FullName));

        Assert.Equal(Path.Combine(home.FullName, "sweep", "data"), folder);
        Assert.Equal(OwnerOnly, File.GetUnixFileMode(folder));
    }

    [Fact]
    public void Private_AnExistingFolderOpenToEveryone_IsNarrowedToItsUser()
    {
        var existing = Directory.CreateDirectory(Path.Combine(home.FullName, "sweep", "data")).FullName;
        File.SetUnixFileMode(existing, OwnerOnly | UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute);

        var folder = UserCache.Private("data", Variables(home.FullName));

        Assert.Equal(existing, folder);
        Assert.Equal(OwnerOnly, File.GetUnixFileMode(folder));
    }

    [Fact]
    public void Private_WhereTheCacheCannotBeMade_IsANewPrivateFolderOfItsOwn()
    {
        // A file where the cache's folder would be: nothing can be created under it.
        var blocked = Path.Combine(home.FullName, "not-a-folder");
        File.WriteAllText(blocked, "");

        var first = UserCache.Private("data", Variables(blocked));
        var second = UserCache.Private("data", Variables(blocked));
        try
        {
            Assert.NotEqual(first, second);
            Assert.All([first, second], folder =>
            {
                Assert.StartsWith(Path.GetTempPath(), folder, StringComparison.Ordinal);
                Assert.Equal(OwnerOnly, File.GetUnixFileMode(folder));
            });
        }
        finally
        {
            Directory.Delete(first);
            Directory.Delete(second);
        }
    }

    [Fact]
    public void Root_ARelativeXdgCacheHome_IsIgnoredAsTheSpecificationSays()
    {
        Assert.Equal(
            Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "sweep"),
            UserCache.Root(Variables("relative/cache")));
    }

    private static Func<string, string?> Variables(string cacheHome) => name => name == "XDG_CACHE_HOME" ? cacheHome : null;
}
