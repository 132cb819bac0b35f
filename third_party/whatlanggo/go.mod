module github.com/RadhiFadlillah/whatlanggo

go 1.22

require upstream.invalid/whatlanggo v0.0.0-20240916001553-aac1f0f737fc
