using Sweep.Grains.Contracts;
using Sweep.Training.Datasets;

namespace Sweep.Grains.Data;

/// <summary>A data file's content, written once and read by every silo that trains on it.</summary>
internal sealed class DataFileGrain(
    [PersistentState("data", StorageNames.Sweeps)] IPersistentState<DataFileGrainState> state) : Grain, IDataFileGrain
{
    public async Task StoreAsync(byte[] content)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (state.State.Content is not null)
        {
            return;
        }

        if (content.Length > IDataFileGrain.MaxBytes)
        {
            throw new ArgumentException($"a data file sent with a sweep may hold at most {IDataFileGrain.MaxBytes} bytes, not {content.Length}", nameof(content));
        }

        var sha256 = DataFiles.HashOf(content);
        if (sha256 != this.GetPrimaryKeyString())
        {
            throw new ArgumentException($"the content's SHA-256 is {sha256}, not {this.GetPrimaryKeyString()}", nameof(content));
        }

        state.State.Content = content;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // Not stored: a later submit must send it again.
            state.State.Content = null;
            throw;
        }
    }

    public Task<bool> HasAsync() => Task.FromResult(state.State.Content is not null);

    public Task<byte[]?> ReadAsync() => Task.FromResult(state.State.Content);
}
