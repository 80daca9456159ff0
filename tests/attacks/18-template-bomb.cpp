// attack: 18 C++ template bomb: exponential instantiation
// expect: CE
// args: --time-limit 1 --compile-time-limit 3 --compile-memory-limit 512
#include <cstdio>
template <int N, int M> struct Bomb {
	static const long value = Bomb<N - 1, M>::value + Bomb<N - 1, M + 1>::value +
				  Bomb<N - 1, M + 2>::value;
};
template <int M> struct Bomb<0, M> {
	static const long value = M;
};
int main()
{
	std::printf("%ld\n", Bomb<40, 0>::value);
	return 0;
}
