/*! app bundle, minified */
"use strict";(self.webpackChunkapp=self.webpackChunkapp||[]).push([[601],{8148:function(e,t,n){var u9b=n(8777);t.Z=function(){return u9b.createElement("div")}}}]);
//# sourceMappingURL=app.min.js.map
