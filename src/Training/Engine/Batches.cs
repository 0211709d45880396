namespace Sweep.Training.Engine;

/// <summary>
/// <paramref name="Rows"/> rows cut in order into batches of <paramref name="Size"/>, the last one smaller where it must
/// be: how <c>fit</c> steps through an epoch's rows and <c>evaluate</c> through its batches. Enumerates each batch's
/// start and row count without allocating.
/// </summary>
internal readonly record struct Batches(int Rows, int Size)
{
    public Enumerator GetEnumerator() => new(Rows, Size);

    /// <summary>Steps through the batches in order.</summary>
    public struct Enumerator(int rows, int size)
    {
        private int next;

        public (int Start, int Count) Current { get; private set; }

        public bool MoveNext()
        {
            if (next >= rows)
            {
                return false;
            }

            Current = (next, Math.Min(size, rows - next));
            next += size;
            return true;
        }
    }
}
