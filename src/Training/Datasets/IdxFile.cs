using System.Buffers.Binary;
using System.IO.Compression;
using Sweep.Training.Files;

namespace Sweep.Training.Datasets;

/// <summary>
/// Reads IDX files (the MNIST format: a 4-byte magic of two zero bytes, a type code and the number
/// of dimensions, big-endian 32-bit sizes, then the values), plain or gzip-compressed. Only unsigned
/// bytes (type 0x08) are supported, as the MNIST family uses. Reads stop after the items asked for.
/// </summary>
internal static class IdxFile
{
    private const byte UnsignedByte = 0x08;

    /// <summary>The first <paramref name="items"/> items (along the first dimension) and the size of one item's dimensions.</summary>
    public static (byte[] Values, int[] ItemShape) Read(string path, int items)
    {
        Stream stream;
        InputFile.Check(path, InputFile.MaxDataFileBytes, "a data file");
        try
        {
            stream = File.OpenRead(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidDataException($"{path}: cannot be read: {e.Message}", e);
        }

        using (stream)
        {
            using var content = path.EndsWith(".gz", StringComparison.Ordinal) ? new GZipStream(stream, CompressionMode.Decompress) : stream;
            var magic = Exactly(content, 4, path, "the header");
            if (magic[0] != 0 || magic[1] != 0 || magic[2] != UnsignedByte || magic[3] == 0)
            {
                throw new InvalidDataException($"{path}: not an IDX file of unsigned bytes (magic {Convert.ToHexString(magic)}, expected 000008 and a dimension count)");
            }

            var sizes = Exactly(content, 4 * magic[3], path, "the dimension sizes");
            var dimensions = Enumerable.Range(0, magic[3]).Select(d => BinaryPrimitives.ReadInt32BigEndian(sizes.AsSpan(4 * d))).ToArray();
            if (items > dimensions[0])
            {
                throw new InvalidDataException($"{path}: {items} items asked for, the file has {dimensions[0]}");
            }

            var itemShape = dimensions[1..];
            var itemSize = itemShape.Aggregate(1, (a, b) => a * b);
            return (Exactly(content, items * itemSize, path, $"{items} items"), itemShape);
        }
    }

    private static byte[] Exactly(Stream stream, int count, string path, string what)
    {
        var buffer = new byte[count];
        try
        {
            stream.ReadExactly(buffer);
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException($"{path}: ends before {what}", e);
        }

        return buffer;
    }
}
