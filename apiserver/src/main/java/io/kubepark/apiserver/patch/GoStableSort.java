package io.kubepark.apiserver.patch;

/**
 * The stable sort of Go's sort package (insertion sort on blocks of 20, then SymMerge), driven by
 * a less/swap pair. The strategic merge patch orders lists with a comparator that is not a strict
 * weak order when items are missing from the reference order; using the same algorithm keeps the
 * resulting order identical to kube-apiserver's in those cases too.
 */
final class GoStableSort {

    interface Less {
        boolean less(int i, int j);
    }

    interface Swap {
        void swap(int i, int j);
    }

    private GoStableSort() {
    }

    static void sort(int n, Less less, Swap swap) {
        int blockSize = 20;
        int a = 0;
        int b = blockSize;
        while (b <= n) {
            insertionSort(less, swap, a, b);
            a = b;
            b += blockSize;
        }
        insertionSort(less, swap, a, n);
        while (blockSize < n) {
            a = 0;
            b = 2 * blockSize;
            while (b <= n) {
                symMerge(less, swap, a, a + blockSize, b);
                a = b;
                b += 2 * blockSize;
            }
            int m = a + blockSize;
            if (m < n) {
                symMerge(less, swap, a, m, n);
            }
            blockSize *= 2;
        }
    }

    private static void insertionSort(Less less, Swap swap, int a, int b) {
        for (int i = a + 1; i < b; i++) {
            for (int j = i; j > a && less.less(j, j - 1); j--) {
                swap.swap(j, j - 1);
            }
        }
    }

    private static void symMerge(Less less, Swap swap, int a, int m, int b) {
        if (m - a == 1) {
            int i = m;
            int j = b;
            while (i < j) {
                int h = (i + j) >>> 1;
                if (less.less(h, a)) {
                    i = h + 1;
                } else {
                    j = h;
                }
            }
            for (int k = a; k < i - 1; k++) {
                swap.swap(k, k + 1);
            }
            return;
        }
        if (b - m == 1) {
            int i = a;
            int j = m;
            while (i < j) {
                int h = (i + j) >>> 1;
                if (!less.less(m, h)) {
                    i = h + 1;
                } else {
                    j = h;
                }
            }
            for (int k = m; k > i; k--) {
                swap.swap(k, k - 1);
            }
            return;
        }
        int mid = (a + b) >>> 1;
        int n = mid + m;
        int start;
        int r;
        if (m > mid) {
            start = n - b;
            r = mid;
        } else {
            start = a;
            r = m;
        }
        int p = n - 1;
        while (start < r) {
            int c = (start + r) >>> 1;
            if (!less.less(p - c, c)) {
                start = c + 1;
            } else {
                r = c;
            }
        }
        int end = n - start;
        if (start < m && m < end) {
            rotate(swap, start, m, end);
        }
        if (a < start && start < mid) {
            symMerge(less, swap, a, start, mid);
        }
        if (mid < end && end < b) {
            symMerge(less, swap, mid, end, b);
        }
    }

    private static void rotate(Swap swap, int a, int m, int b) {
        int i = m - a;
        int j = b - m;
        while (i != j) {
            if (i > j) {
                swapRange(swap, m - i, m, j);
                i -= j;
            } else {
                swapRange(swap, m - i, m + j - i, i);
                j -= i;
            }
        }
        swapRange(swap, m - i, m, i);
    }

    private static void swapRange(Swap swap, int a, int b, int n) {
        for (int i = 0; i < n; i++) {
            swap.swap(a + i, b + i);
        }
    }
}
