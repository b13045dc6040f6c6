package argparse

import "sort"

// closeMatches is Python's difflib.get_close_matches(word, possibilities,
// n=3, cutoff): the AWS CLI uses it to suggest a command after a typo.
func closeMatches(word string, possibilities []string, cutoff float64) []string {
	type scored struct {
		score float64
		s     string
	}
	b := []rune(word)
	var result []scored
	for _, x := range possibilities {
		a := []rune(x)
		if r := ratio(a, b); r >= cutoff {
			result = append(result, scored{r, x})
		}
	}
	// heapq.nlargest on (score, string) tuples: ties go to the larger string.
	sort.Slice(result, func(i, j int) bool {
		if result[i].score != result[j].score {
			return result[i].score > result[j].score
		}
		return result[i].s > result[j].s
	})
	var out []string
	for i := 0; i < len(result) && i < 3; i++ {
		out = append(out, result[i].s)
	}
	return out
}

// ratio is SequenceMatcher(None, a, b).ratio() for short sequences (no
// junk heuristics apply below 200 elements).
func ratio(a, b []rune) float64 {
	total := len(a) + len(b)
	if total == 0 {
		return 1
	}
	return 2 * float64(matches(a, b, 0, len(a), 0, len(b))) / float64(total)
}

func matches(a, b []rune, alo, ahi, blo, bhi int) int {
	i, j, k := longestMatch(a, b, alo, ahi, blo, bhi)
	if k == 0 {
		return 0
	}
	n := k
	if alo < i && blo < j {
		n += matches(a, b, alo, i, blo, j)
	}
	if i+k < ahi && j+k < bhi {
		n += matches(a, b, i+k, ahi, j+k, bhi)
	}
	return n
}

func longestMatch(a, b []rune, alo, ahi, blo, bhi int) (int, int, int) {
	besti, bestj, bestsize := alo, blo, 0
	j2len := map[int]int{}
	for i := alo; i < ahi; i++ {
		newj2len := map[int]int{}
		for j := blo; j < bhi; j++ {
			if b[j] != a[i] {
				continue
			}
			k := j2len[j-1] + 1
			newj2len[j] = k
			if k > bestsize {
				besti, bestj, bestsize = i-k+1, j-k+1, k
			}
		}
		j2len = newj2len
	}
	return besti, bestj, bestsize
}
