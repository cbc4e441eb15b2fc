"use strict";
exports.main = () => 42;
//# sourceMappingURL=data:application/json;charset=utf-8;base64,eyJ2ZXJzaW9uIjogMywgInNvdXJjZXMiOiBbInNyYy9pbmRleC50cyJdLCAibWFwcGluZ3MiOiAiQUFBQSxTQUFTLEdBQUcifQ==
