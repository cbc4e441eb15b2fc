module example.com/app

go 1.22

require (
	example.com/fine v1.0.0
	example.com/lib v1.2.4-0.20210101000000-abcdefabcdef
	example.com/local v0.1.0
	example.com/old v2.3.0+incompatible // indirect
)

replace example.com/local => ./local
