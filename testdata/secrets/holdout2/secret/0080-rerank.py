import cohere

co = cohere.Client("Xq2uxMA4kllFRdlP3ULDFAfX5UIOA6597bt5FDtd")
res = co.rerank(model="rerank-english-v3.0", query=q, documents=docs, top_n=5)
