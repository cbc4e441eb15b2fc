package tracing

const exampleSpanParent = "d49cafd1-b4c2-4b08-91a0-2d7321931586"
