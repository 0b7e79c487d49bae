<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>About</name>
    <message>
        <source>&lt;h2&gt;Dipole Lab&lt;/h2&gt;&lt;p&gt;A charged particle of unit mass in the field of an ideal electric dipole at the origin, axis along +x.&lt;br&gt;L = ½(ṙ² + r²θ̇²) + k cos θ / r²; the sign of k is the sign of the charge relative to the dipole, k = 0 is free motion.&lt;/p&gt;&lt;p&gt;The equations of motion below were derived by sympy from T and U and are the ones the integrator runs. E and C are exact invariants; r(t)² = 2E t² + 2 r₀ṙ₀ t + r₀² exactly, and C &amp;lt; 0 with a positive root means the charge falls in.&lt;/p&gt;</source>
        <translation>&lt;h2&gt;Dipole Lab&lt;/h2&gt;&lt;p&gt;单位质量的带电粒子在理想电偶极子的电场中运动；偶极子位于原点，轴沿 +x 方向。&lt;br&gt;L = ½(ṙ² + r²θ̇²) + k cos θ / r²；k 的符号即电荷相对于偶极子的符号，k = 0 为自由运动。&lt;/p&gt;&lt;p&gt;下面的运动方程由 sympy 从 T 和 U 推导得出，积分器运行的正是这些方程。E 和 C 是精确守恒量；r(t)² = 2E t² + 2 r₀ṙ₀ t + r₀² 严格成立，C &amp;lt; 0 且有正根时电荷落入偶极子。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>About Dipole Lab</source>
        <translation>关于 Dipole Lab</translation>
    </message>
    <message>
        <source>sympy is deriving the equations…</source>
        <translation>正在用 sympy 推导方程…</translation>
    </message>
</context>
<context>
    <name>AccuracyDialog</name>
    <message>
        <source>{name} is empty: type a number such as 1e-8</source>
        <translation>{name} 为空：请输入一个数，例如 1e-8</translation>
    </message>
    <message>
        <source>{name} must be from {low} to {high}, got {value}</source>
        <translation>{name} 必须在 {low} 到 {high} 之间，当前为 {value}</translation>
    </message>
    <message>
        <source>Accuracy of the integration</source>
        <translation>积分精度</translation>
    </message>
    <message>
        <source>How the paths are integrated. Loosen the tolerance and watch E drift (the trust meter and the invariant graphs follow); every path is computed again.</source>
        <translation>轨迹的积分方式。放宽容差，观察 E 的漂移（可信度和守恒量图表随之更新）；所有轨迹都会重新计算。</translation>
    </message>
    <message>
        <source>integration method</source>
        <translation>积分方法</translation>
    </message>
    <message>
        <source>Relative tolerance of each step, from 1e-14 to 0.1</source>
        <translation>每一步的相对容差，从 1e-14 到 0.1</translation>
    </message>
    <message>
        <source>relative tolerance rtol</source>
        <translation>相对容差 rtol</translation>
    </message>
    <message>
        <source>Absolute tolerance of each step, from 1e-300 to 1</source>
        <translation>每一步的绝对容差，从 1e-300 到 1</translation>
    </message>
    <message>
        <source>absolute tolerance atol</source>
        <translation>绝对容差 atol</translation>
    </message>
    <message>
        <source>&amp;Method</source>
        <translation>方法(&amp;M)</translation>
    </message>
    <message>
        <source>&amp;Relative tolerance (rtol)</source>
        <translation>相对容差 (rtol)(&amp;R)</translation>
    </message>
    <message>
        <source>A&amp;bsolute tolerance (atol)</source>
        <translation>绝对容差 (atol)(&amp;B)</translation>
    </message>
    <message>
        <source>result of the last computation</source>
        <translation>上次计算的结果</translation>
    </message>
    <message>
        <source>&amp;Apply</source>
        <translation>应用(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Defaults</source>
        <translation>默认值(&amp;D)</translation>
    </message>
    <message>
        <source>DOP853 with rtol 1e-10 and atol 1e-12</source>
        <translation>DOP853，rtol 1e-10，atol 1e-12</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>关闭(&amp;C)</translation>
    </message>
    <message>
        <source>Now: {method}, rtol {rtol}, atol {atol}.</source>
        <translation>当前：{method}，rtol {rtol}，atol {atol}。</translation>
    </message>
    <message>
        <source>Every path computed again in {seconds} s.</source>
        <translation>所有轨迹已在 {seconds} 秒内重新计算。</translation>
    </message>
    <message>
        <source>Worst drift of E: {energy}</source>
        <translation>E 的最大漂移：{energy}</translation>
    </message>
    <message>
        <source>, of C: {C}</source>
        <translation>，C 的最大漂移：{C}</translation>
    </message>
    <message>
        <source>No path to measure yet: launch a charge.</source>
        <translation>还没有可测量的轨迹：请发射一个电荷。</translation>
    </message>
</context>
<context>
    <name>Canvas</name>
    <message>
        <source>Enter (plot focused)</source>
        <translation>Enter（图上有焦点时）</translation>
    </message>
    <message>
        <source>show the launch cursor; Enter again launches</source>
        <translation>显示发射光标；再按 Enter 发射</translation>
    </message>
    <message>
        <source>Arrow keys</source>
        <translation>方向键</translation>
    </message>
    <message>
        <source>move the launch cursor (Shift: bigger steps)</source>
        <translation>移动发射光标（Shift：大步）</translation>
    </message>
    <message>
        <source>W A S D, Ctrl+arrows</source>
        <translation>W A S D，Ctrl+方向键</translation>
    </message>
    <message>
        <source>set the launch velocity (Shift: bigger steps)</source>
        <translation>设定发射速度（Shift：大步）</translation>
    </message>
    <message>
        <source>Escape</source>
        <translation>Esc</translation>
    </message>
    <message>
        <source>put the launch cursor away</source>
        <translation>收起发射光标</translation>
    </message>
    <message>
        <source>Plot of the dipole&apos;s field and the charges&apos; paths</source>
        <translation>偶极子电场与电荷轨迹图</translation>
    </message>
    <message>
        <source>Point dipole, k = {k}: free motion, no field</source>
        <translation>点偶极子，k = {k}：自由运动，无电场</translation>
    </message>
    <message>
        <source>Point dipole, k = {k}</source>
        <translation>点偶极子，k = {k}</translation>
    </message>
    <message>
        <source>No charges launched.</source>
        <translation>尚未发射电荷。</translation>
    </message>
    <message>
        <source>#{id} at t = {t}</source>
        <translation>#{id}，t = {t}</translation>
    </message>
    <message>
        <source>still moving</source>
        <translation>仍在运动</translation>
    </message>
    <message>
        <source>fell into the dipole</source>
        <translation>落入偶极子</translation>
    </message>
    <message>
        <source>escaped</source>
        <translation>已逃逸</translation>
    </message>
    <message>
        <source>at the end of the run</source>
        <translation>运行结束</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>#{id} ({reason}) at t = {t}</source>
        <translation>#{id}（{reason}），t = {t}</translation>
    </message>
    <message>
        <source>1 charge shown</source>
        <translation>显示 1 个电荷</translation>
    </message>
    <message>
        <source>{count} charges shown</source>
        <translation>显示 {count} 个电荷</translation>
    </message>
    <message>
        <source>{listed} and {count} more</source>
        <translation>{listed} 等（另有 {count} 个）</translation>
    </message>
    <message>
        <source>1 launch held back for the class&apos;s prediction.</source>
        <translation>1 次发射暂不显示，等待全班预测。</translation>
    </message>
    <message>
        <source>{count} launches held back for the class&apos;s prediction.</source>
        <translation>{count} 次发射暂不显示，等待全班预测。</translation>
    </message>
    <message>
        <source>Launch cursor at x = {x}, y = {y}, velocity ({vx}, {vy}): {preview}.</source>
        <translation>发射光标位于 x = {x}，y = {y}，速度 ({vx}, {vy})：{preview}。</translation>
    </message>
    <message>
        <source>cannot launch here: {reason}</source>
        <translation>此处无法发射：{reason}</translation>
    </message>
    <message>
        <source>{fate}
speed {speed}</source>
        <translation>{fate}
速率 {speed}</translation>
    </message>
    <message>
        <source>speed {speed}</source>
        <translation>速率 {speed}</translation>
    </message>
</context>
<context>
    <name>Challenge</name>
    <message>
        <source>You choose k: from {low} to {high}, with the k bar.</source>
        <translation>由你选择 k：用 k 滑块在 {low} 到 {high} 之间调节。</translation>
    </message>
    <message>
        <source>k = {k}, set by the level.</source>
        <translation>k = {k}，由关卡设定。</translation>
    </message>
    <message>
        <source>Hit! The charge reached the target at t = {t}.</source>
        <translation>命中！电荷在 t = {t} 时到达目标。</translation>
    </message>
    <message>
        <source>Forbidden zone: the charge touched it at t = {t}.</source>
        <translation>禁区：电荷在 t = {t} 时碰到了禁区。</translation>
    </message>
    <message>
        <source>it fell into the dipole</source>
        <translation>它落入了偶极子</translation>
    </message>
    <message>
        <source>it flew off</source>
        <translation>它飞走了</translation>
    </message>
    <message>
        <source>time ran out</source>
        <translation>时间用完了</translation>
    </message>
    <message>
        <source>Missed by {distance}: {why}.</source>
        <translation>偏离 {distance}：{why}。</translation>
    </message>
    <message>
        <source>Not counted: {why}.</source>
        <translation>不计数：{why}。</translation>
    </message>
    <message>
        <source>the challenge is played with the point dipole (Restart level brings it back)</source>
        <translation>挑战使用点偶极子进行（“重玩本关”会恢复它）</translation>
    </message>
    <message>
        <source>launch from inside the green start zone</source>
        <translation>请从绿色起点区内发射</translation>
    </message>
    <message>
        <source>a launch may not start on a target</source>
        <translation>发射不能从目标上开始</translation>
    </message>
    <message>
        <source>a launch may not start in a forbidden zone</source>
        <translation>发射不能从禁区开始</translation>
    </message>
    <message>
        <source>Challenge</source>
        <translation>挑战</translation>
    </message>
    <message>
        <source>challenge level</source>
        <translation>挑战关卡</translation>
    </message>
    <message>
        <source>tries left</source>
        <translation>剩余次数</translation>
    </message>
    <message>
        <source>what the last launch did</source>
        <translation>上一次发射的结果</translation>
    </message>
    <message>
        <source>&amp;Restart level</source>
        <translation>重玩本关(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Next level</source>
        <translation>下一关(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Load level file…</source>
        <translation>载入关卡文件(&amp;L)…</translation>
    </message>
    <message>
        <source>Play a level written as a JSON file (see app/challenge/levels for examples)</source>
        <translation>玩以 JSON 文件编写的关卡（示例见 app/challenge/levels）</translation>
    </message>
    <message>
        <source>&amp;End challenge</source>
        <translation>结束挑战(&amp;E)</translation>
    </message>
    <message>
        <source>Take the targets off the plot and close the challenge</source>
        <translation>从图上移除目标并关闭挑战</translation>
    </message>
    <message>
        <source>&amp;Aim from the start zone</source>
        <translation>从起点区瞄准(&amp;A)</translation>
    </message>
    <message>
        <source>Show the keyboard&apos;s launch cursor in the start zone: the arrows move it, W/A/S/D change the velocity, Enter launches</source>
        <translation>在起点区显示键盘发射光标：方向键移动光标，W/A/S/D 改变速度，Enter 发射</translation>
    </message>
    <message>
        <source>(best: {tries} of {allowed} tries)</source>
        <translation>（最佳：{allowed} 次中用了 {tries} 次）</translation>
    </message>
    <message>
        <source>Level not loaded: {reason}</source>
        <translation>关卡未载入：{reason}</translation>
    </message>
    <message>
        <source>Load a challenge level</source>
        <translation>载入挑战关卡</translation>
    </message>
    <message>
        <source>Challenge levels (*.json)</source>
        <translation>挑战关卡 (*.json)</translation>
    </message>
    <message>
        <source>Drag on the plot from the green zone to launch, or press Enter for the launch cursor.</source>
        <translation>在图上从绿色区域拖动以发射，或按 Enter 使用发射光标。</translation>
    </message>
    <message>
        <source>Level {number}: {title}</source>
        <translation>第 {number} 关：{title}</translation>
    </message>
    <message>
        <source>Solved in {used} of {allowed} tries.</source>
        <translation>已解出：{allowed} 次中用了 {used} 次。</translation>
    </message>
    <message>
        <source>No tries left: Restart level to try again.</source>
        <translation>没有剩余次数了：请重玩本关再试。</translation>
    </message>
    <message>
        <source>Tries left: {left} of {allowed}</source>
        <translation>剩余次数：{left} / {allowed}</translation>
    </message>
    <message>
        <source>No tries left.</source>
        <translation>没有剩余次数了。</translation>
    </message>
    <message>
        <source>C&amp;hallenge…</source>
        <translation>挑战(&amp;H)…</translation>
    </message>
    <message>
        <source>Hit targets on the plot with a launch, in a few tries: levels that use the dipole&apos;s real dynamics</source>
        <translation>用几次发射击中图上的目标：这些关卡使用偶极子真实的动力学</translation>
    </message>
    <message>
        <source>Load challenge &amp;level…</source>
        <translation>载入挑战关卡(&amp;L)…</translation>
    </message>
    <message>
        <source>Play a challenge level from a JSON file (a teacher&apos;s own)</source>
        <translation>从 JSON 文件玩挑战关卡（可以是老师自己编写的）</translation>
    </message>
</context>
<context>
    <name>Classroom</name>
    <message>
        <source>Increase k by 0.1</source>
        <translation>k 增加 0.1</translation>
    </message>
    <message>
        <source>Decrease k by 0.1</source>
        <translation>k 减少 0.1</translation>
    </message>
    <message>
        <source>Increase k by 1</source>
        <translation>k 增加 1</translation>
    </message>
    <message>
        <source>Decrease k by 1</source>
        <translation>k 减少 1</translation>
    </message>
    <message>
        <source>Next preset</source>
        <translation>下一个预设</translation>
    </message>
    <message>
        <source>Load the next preset (N or Page Down)</source>
        <translation>载入下一个预设（N 或 Page Down）</translation>
    </message>
    <message>
        <source>Previous preset</source>
        <translation>上一个预设</translation>
    </message>
    <message>
        <source>Launch the preset&apos;s next charge</source>
        <translation>发射预设中的下一个电荷</translation>
    </message>
    <message>
        <source>Launch the current preset&apos;s charges one per key press (the first press clears)</source>
        <translation>每按一次键发射当前预设中的一个电荷（第一次按键先清空）</translation>
    </message>
    <message>
        <source>Test-charge &amp;map</source>
        <translation>试探电荷图(&amp;M)</translation>
    </message>
    <message>
        <source>Release a {columns}×{rows} grid of charges from rest over the view, integrated together, with short fading trails</source>
        <translation>在视图中由静止释放 {columns}×{rows} 网格的电荷，一起积分，显示短的渐隐尾迹</translation>
    </message>
    <message>
        <source>{preset}: charge {number} of {count} (L for the next)</source>
        <translation>{preset}：第 {number} 个电荷，共 {count} 个（按 L 发射下一个）</translation>
    </message>
    <message>
        <source>Test-charge map: no grid point of this view is outside r_min and inside r_max</source>
        <translation>试探电荷图：此视图中没有位于 r_min 之外且在 r_max 之内的网格点</translation>
    </message>
    <message>
        <source>Test-charge map refused: {reason}</source>
        <translation>试探电荷图被拒绝：{reason}</translation>
    </message>
    <message>
        <source>Test-charge map: {count} charges released from rest (one batch); Ctrl+Z removes them</source>
        <translation>试探电荷图：{count} 个电荷由静止释放（一批）；Ctrl+Z 可移除</translation>
    </message>
</context>
<context>
    <name>Compute</name>
    <message>
        <source>Computing the paths…</source>
        <translation>正在计算轨迹…</translation>
    </message>
    <message>
        <source>Stop computing and undo the change</source>
        <translation>停止计算并撤销此更改</translation>
    </message>
</context>
<context>
    <name>Controls</name>
    <message>
        <source>Field lines</source>
        <translation>电场线</translation>
    </message>
    <message>
        <source>Field lines r = c sin²θ of the point dipole</source>
        <translation>点偶极子的电场线 r = c sin²θ</translation>
    </message>
    <message>
        <source>Equipotentials</source>
        <translation>等势线</translation>
    </message>
    <message>
        <source>Curves of constant potential r² = −k cos θ / U₀ (solid U &gt; 0, dashed U &lt; 0)</source>
        <translation>等势曲线 r² = −k cos θ / U₀（实线 U &gt; 0，虚线 U &lt; 0）</translation>
    </message>
    <message>
        <source>Potential colour map</source>
        <translation>势能色图</translation>
    </message>
    <message>
        <source>The potential energy U as a colour map, with a colour bar</source>
        <translation>以色图显示势能 U，并附色标</translation>
    </message>
    <message>
        <source>Dipole glyph</source>
        <translation>偶极子符号</translation>
    </message>
    <message>
        <source>The dipole at the origin, its axis and which end is + for the charge</source>
        <translation>原点处的偶极子、其轴线，以及对该电荷而言哪一端为 +</translation>
    </message>
    <message>
        <source>Exact solution</source>
        <translation>精确解</translation>
    </message>
    <message>
        <source>The closed-form path (dotted) beside each integrated one</source>
        <translation>在每条数值积分轨迹旁显示解析解轨迹（点线）</translation>
    </message>
    <message>
        <source>Field line through start</source>
        <translation>过起点的电场线</translation>
    </message>
    <message>
        <source>The field line through the selected particle&apos;s starting point</source>
        <translation>穿过所选粒子起点的电场线</translation>
    </message>
    <message>
        <source>Path numbers</source>
        <translation>轨迹编号</translation>
    </message>
    <message>
        <source>Each path&apos;s number (#1, #2, …) beside it, in its colour: tells paths apart in print and for colour-blind viewers</source>
        <translation>在每条轨迹旁以其颜色标出编号（#1、#2、…）：便于在打印件中以及色觉障碍者区分轨迹</translation>
    </message>
    <message>
        <source>Field arrows</source>
        <translation>电场箭头</translation>
    </message>
    <message>
        <source>Arrows of the field E = −∇U on a grid: length follows |E| (the stronger half capped)</source>
        <translation>网格上的电场 E = −∇U 箭头：长度随 |E| 变化（较强的一半封顶）</translation>
    </message>
    <message>
        <source>Arrows: direction only</source>
        <translation>箭头：仅方向</translation>
    </message>
    <message>
        <source>All field arrows one length: only the direction of E</source>
        <translation>所有电场箭头长度相同：只显示 E 的方向</translation>
    </message>
    <message>
        <source>Full path</source>
        <translation>完整轨迹</translation>
    </message>
    <message>
        <source>Fading tail</source>
        <translation>渐隐尾迹</translation>
    </message>
    <message>
        <source>No trail</source>
        <translation>无尾迹</translation>
    </message>
    <message>
        <source>dipole strength k</source>
        <translation>偶极强度 k</translation>
    </message>
    <message>
        <source>The signed dipole strength k: negative flips the charge, 0 switches the field off</source>
        <translation>带符号的偶极强度 k：取负值相当于电荷反号，0 表示关闭电场</translation>
    </message>
    <message>
        <source>Drag to change k from −{low} to +{high}; the field and every path follow at once</source>
        <translation>拖动以在 −{low} 到 +{high} 之间改变 k；电场和所有轨迹随即更新</translation>
    </message>
    <message>
        <source>k slider</source>
        <translation>k 滑块</translation>
    </message>
    <message>
        <source>Type an exact k and press Enter (negative flips the charge; 0 is free motion)</source>
        <translation>输入精确的 k 并按 Enter（负值相当于电荷反号；0 为自由运动）</translation>
    </message>
    <message>
        <source>k value</source>
        <translation>k 值</translation>
    </message>
    <message>
        <source>Flip sign</source>
        <translation>反号</translation>
    </message>
    <message>
        <source>k → −k: the same launches with the opposite charge</source>
        <translation>k → −k：相同的发射，电荷符号相反</translation>
    </message>
    <message>
        <source>flip the sign of k</source>
        <translation>将 k 反号</translation>
    </message>
    <message>
        <source>Switch the field off: free motion in straight lines</source>
        <translation>关闭电场：沿直线自由运动</translation>
    </message>
    <message>
        <source>set k to zero</source>
        <translation>将 k 设为零</translation>
    </message>
    <message>
        <source>Layers</source>
        <translation>图层</translation>
    </message>
    <message>
        <source>Number of field lines on each side of the axis</source>
        <translation>轴线每一侧的电场线条数</translation>
    </message>
    <message>
        <source>number of field lines</source>
        <translation>电场线条数</translation>
    </message>
    <message>
        <source>Number of equipotential levels of each sign</source>
        <translation>每种符号的等势线条数</translation>
    </message>
    <message>
        <source>number of equipotential levels</source>
        <translation>等势线条数</translation>
    </message>
    <message>
        <source>Line density shows |E|</source>
        <translation>电场线疏密表示 |E|</translation>
    </message>
    <message>
        <source>Space the point dipole&apos;s field lines so that dense lines mean a strong field in the plane (1/c² evenly spaced). Off: equal 3-D flux between lines (ψ = sin²θ/r evenly spaced), whose density in the plane follows |E|·|y| and thins towards the axis</source>
        <translation>使点偶极子的电场线间距满足：线越密，平面内的电场越强（1/c² 等间距）。关闭时：相邻电场线之间的三维通量相等（ψ = sin²θ/r 等间距），其在平面内的疏密随 |E|·|y| 变化，并向轴线方向变稀</translation>
    </message>
    <message>
        <source>Trails</source>
        <translation>尾迹</translation>
    </message>
    <message>
        <source>trail style</source>
        <translation>尾迹样式</translation>
    </message>
    <message>
        <source>Length of the fading tail, in units of t</source>
        <translation>渐隐尾迹的长度（以 t 为单位）</translation>
    </message>
    <message>
        <source>Style</source>
        <translation>样式</translation>
    </message>
    <message>
        <source>Tail length (t)</source>
        <translation>尾迹长度 (t)</translation>
    </message>
</context>
<context>
    <name>Dialogs</name>
    <message>
        <source>error</source>
        <translation>错误</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>PNG image</source>
        <translation>PNG 图像</translation>
    </message>
    <message>
        <source>SVG drawing</source>
        <translation>SVG 矢量图</translation>
    </message>
    <message>
        <source>PDF document</source>
        <translation>PDF 文档</translation>
    </message>
    <message>
        <source>MP4 video (H.264)</source>
        <translation>MP4 视频 (H.264)</translation>
    </message>
    <message>
        <source>GIF animation</source>
        <translation>GIF 动画</translation>
    </message>
    <message>
        <source>file name</source>
        <translation>文件名</translation>
    </message>
    <message>
        <source>The file to write; its ending ({suffixes}) picks the format</source>
        <translation>要写入的文件；扩展名（{suffixes}）决定格式</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>格式</translation>
    </message>
    <message>
        <source>width</source>
        <translation>宽度</translation>
    </message>
    <message>
        <source>height</source>
        <translation>高度</translation>
    </message>
    <message>
        <source>pixels</source>
        <translation>像素</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>尺寸</translation>
    </message>
    <message>
        <source>Presentation: large and high-contrast for a projector; print: black on white</source>
        <translation>演示：适合投影仪的大字高对比度；打印：白底黑字</translation>
    </message>
    <message>
        <source>Stamp k, the time and each launch under the plot</source>
        <translation>在图下方标注 k、时间和每次发射</translation>
    </message>
    <message>
        <source>The same text always goes into the file&apos;s metadata</source>
        <translation>相同的文字总会写入文件的元数据</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Theme</source>
        <translation>主题</translation>
    </message>
    <message>
        <source>The image {name} in pixels</source>
        <translation>图像{name}（像素）</translation>
    </message>
    <message>
        <source>end the file name in {suffixes}</source>
        <translation>文件名须以 {suffixes} 结尾</translation>
    </message>
    <message>
        <source>type a file name, or choose one with Browse…</source>
        <translation>请输入文件名，或用“浏览…”选择</translation>
    </message>
    <message>
        <source>the file name must end in {suffixes}</source>
        <translation>文件名必须以 {suffixes} 结尾</translation>
    </message>
    <message>
        <source>the folder {folder} does not exist</source>
        <translation>文件夹 {folder} 不存在</translation>
    </message>
    <message>
        <source>Cannot export: {problem}</source>
        <translation>无法导出：{problem}</translation>
    </message>
    <message>
        <source>Export figure</source>
        <translation>导出图片</translation>
    </message>
    <message>
        <source>figure to export</source>
        <translation>要导出的图</translation>
    </message>
    <message>
        <source>The plot, or the analysis panel in front of the side panel</source>
        <translation>主图，或侧边栏当前显示的分析面板</translation>
    </message>
    <message>
        <source>The plot</source>
        <translation>主图</translation>
    </message>
    <message>
        <source>Figure</source>
        <translation>图</translation>
    </message>
    <message>
        <source>automatic</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>dots per inch</source>
        <translation>每英寸点数</translation>
    </message>
    <message>
        <source>Dots per inch (10 to 1200); automatic keeps the text in proportion to the image</source>
        <translation>每英寸点数（10 到 1200）；“自动”使文字与图像保持比例</translation>
    </message>
    <message>
        <source>the DPI must be from 10 to 1200 (or automatic)</source>
        <translation>DPI 必须在 10 到 1200 之间（或为自动）</translation>
    </message>
    <message>
        <source>Export animation</source>
        <translation>导出动画</translation>
    </message>
    <message>
        <source> frames/s</source>
        <translation> 帧/秒</translation>
    </message>
    <message>
        <source>frame rate</source>
        <translation>帧率</translation>
    </message>
    <message>
        <source>Frames per second (a GIF plays at most 50)</source>
        <translation>每秒帧数（GIF 最多 50）</translation>
    </message>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source>duration</source>
        <translation>时长</translation>
    </message>
    <message>
        <source>Seconds of video; the clock runs from 0 to the end of the longest path in that time</source>
        <translation>视频秒数；在这段时间内时钟从 0 走到最长轨迹的终点</translation>
    </message>
    <message>
        <source>Frame rate</source>
        <translation>帧率</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>时长</translation>
    </message>
    <message>
        <source>{count} frames</source>
        <translation>{count} 帧</translation>
    </message>
    <message>
        <source>a GIF plays at most 50 frames per second: lower the frame rate or choose MP4</source>
        <translation>GIF 每秒最多播放 50 帧：请降低帧率或选择 MP4</translation>
    </message>
</context>
<context>
    <name>Exports</name>
    <message>
        <source>CSV table (*.csv);;JSON (*.json);;NumPy arrays (*.npz)</source>
        <translation>CSV 表格 (*.csv);;JSON (*.json);;NumPy 数组 (*.npz)</translation>
    </message>
    <message>
        <source>Export &amp;figure…</source>
        <translation>导出图片(&amp;F)…</translation>
    </message>
    <message>
        <source>Save the current view as PNG, SVG or PDF, optionally with a caption</source>
        <translation>将当前视图保存为 PNG、SVG 或 PDF，可附说明文字</translation>
    </message>
    <message>
        <source>Export &amp;animation…</source>
        <translation>导出动画(&amp;A)…</translation>
    </message>
    <message>
        <source>Save the paths being traced as an MP4 video or a GIF</source>
        <translation>将轨迹的描绘过程保存为 MP4 视频或 GIF</translation>
    </message>
    <message>
        <source>Export &amp;data…</source>
        <translation>导出数据(&amp;D)…</translation>
    </message>
    <message>
        <source>Save every particle&apos;s samples as CSV, JSON or NPZ</source>
        <translation>将每个粒子的采样数据保存为 CSV、JSON 或 NPZ</translation>
    </message>
    <message>
        <source>Drawing {name}…</source>
        <translation>正在绘制 {name}…</translation>
    </message>
    <message>
        <source>Cannot export the figure</source>
        <translation>无法导出图片</translation>
    </message>
    <message>
        <source>Figure export cancelled: no file was written</source>
        <translation>已取消导出图形：未写入任何文件</translation>
    </message>
    <message>
        <source>Exported {path}</source>
        <translation>已导出 {path}</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <source>the export ended without a result</source>
        <translation>导出结束但没有结果</translation>
    </message>
    <message>
        <source>Writing {name}…</source>
        <translation>正在写入 {name}…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Export animation</source>
        <translation>导出动画</translation>
    </message>
    <message>
        <source>Cannot export the animation</source>
        <translation>无法导出动画</translation>
    </message>
    <message>
        <source>Animation export cancelled: no file was written</source>
        <translation>已取消导出动画：未写入任何文件</translation>
    </message>
    <message>
        <source>Exported {path} ({count} frames)</source>
        <translation>已导出 {path}（{count} 帧）</translation>
    </message>
    <message>
        <source>Nothing to export</source>
        <translation>没有可导出的内容</translation>
    </message>
    <message>
        <source>There are no particles yet: launch one first.</source>
        <translation>还没有粒子：请先发射一个。</translation>
    </message>
    <message>
        <source>Export data</source>
        <translation>导出数据</translation>
    </message>
    <message>
        <source>Cannot export the data</source>
        <translation>无法导出数据</translation>
    </message>
    <message>
        <source>Data export cancelled: no file was written</source>
        <translation>已取消导出数据：未写入任何文件</translation>
    </message>
    <message>
        <source>Exported {count} particles&apos; samples to {path}</source>
        <translation>已将 {count} 个粒子的采样数据导出到 {path}</translation>
    </message>
</context>
<context>
    <name>Figures</name>
    <message>
        <source>custom U</source>
        <translation>自定义 U</translation>
    </message>
    <message>
        <source>{name}: k = {k}{extra} (numeric)</source>
        <translation>{name}：k = {k}{extra}（数值解）</translation>
    </message>
    <message>
        <source>drift from start</source>
        <translation>相对初值的漂移</translation>
    </message>
    <message>
        <source>E and C (select a particle)</source>
        <translation>E 与 C（请选择一个粒子）</translation>
    </message>
    <message>
        <source>r² and the exact law</source>
        <translation>r² 与精确规律</translation>
    </message>
    <message>
        <source>E and C drift</source>
        <translation>E 与 C 的漂移</translation>
    </message>
    <message>
        <source>E drift (no C for this U)</source>
        <translation>E 的漂移（此 U 无 C）</translation>
    </message>
    <message>
        <source>r², integrated</source>
        <translation>r²（数值积分）</translation>
    </message>
    <message>
        <source>r²: off by ≤ {difference}</source>
        <translation>r²：偏差 ≤ {difference}</translation>
    </message>
    <message>
        <source>r² (no exact quadratic for this U)</source>
        <translation>r²（此 U 无精确二次式）</translation>
    </message>
    <message>
        <source>Select a particle</source>
        <translation>请选择一个粒子</translation>
    </message>
    <message>
        <source>integrated</source>
        <translation>数值积分</translation>
    </message>
    <message>
        <source>separatrix C = |k|</source>
        <translation>分界线 C = |k|</translation>
    </message>
    <message>
        <source>closed form</source>
        <translation>解析解</translation>
    </message>
    <message>
        <source>No particle selected.</source>
        <translation>未选择粒子。</translation>
    </message>
    <message>
        <source>  falling in: τ → ∞, the angle swings ever faster</source>
        <translation>  正在落入：τ → ∞，角度摆动越来越快</translation>
    </message>
    <message>
        <source>  (not the point dipole: no exact pendulum or r² law)</source>
        <translation>  （不是点偶极子：没有精确的单摆或 r² 规律）</translation>
    </message>
    <message>
        <source>particle #{pid}: t = {t}, τ = {tau}, Δθ = {turns} turns{falling}{other}</source>
        <translation>粒子 #{pid}：t = {t}，τ = {tau}，Δθ = {turns} 圈{falling}{other}</translation>
    </message>
    <message>
        <source>falls in
(E &lt; 0)</source>
        <translation>落入
(E &lt; 0)</translation>
    </message>
    <message>
        <source>moving in: falls
out: escapes</source>
        <translation>向内：落入
向外：逃逸</translation>
    </message>
    <message>
        <source>escapes
libration</source>
        <translation>逃逸
摆动</translation>
    </message>
    <message>
        <source>escapes
rotation</source>
        <translation>逃逸
转动</translation>
    </message>
    <message>
        <source>unreachable
E r0² &lt; C</source>
        <translation>不可达
E r0² &lt; C</translation>
    </message>
    <message>
        <source>k = 0: free motion, the map needs k ≠ 0</source>
        <translation>k = 0：自由运动，此图需要 k ≠ 0</translation>
    </message>
    <message>
        <source>The regime map is exact only for the point dipole</source>
        <translation>运动区域图仅对点偶极子是精确的</translation>
    </message>
    <message>
        <source>aiming: C/|k| = {c}, E r0²/|k| = {e} — {label}</source>
        <translation>瞄准：C/|k| = {c}，E r0²/|k| = {e} — {label}</translation>
    </message>
    <message>
        <source>C / |k|   (pendulum energy)</source>
        <translation>C / |k|   （单摆能量）</translation>
    </message>
    <message>
        <source>orbits</source>
        <translation>轨道</translation>
    </message>
    <message>
        <source>deflection Θ(b)</source>
        <translation>偏转角 Θ(b)</translation>
    </message>
    <message>
        <source>cross-section</source>
        <translation>散射截面</translation>
    </message>
    <message>
        <source>impact parameter b</source>
        <translation>碰撞参数 b</translation>
    </message>
    <message>
        <source>Fire a beam</source>
        <translation>请发射一束粒子</translation>
    </message>
    <message>
        <source>scattered</source>
        <translation>被散射</translation>
    </message>
    <message>
        <source>falls in</source>
        <translation>落入</translation>
    </message>
    <message>
        <source>exact</source>
        <translation>精确解</translation>
    </message>
    <message>
        <source>capture band</source>
        <translation>捕获带</translation>
    </message>
    <message>
        <source> (no exact curve: not the point dipole)</source>
        <translation>（无精确曲线：不是点偶极子）</translation>
    </message>
    <message>
        <source>{n} launches: {fell} fell in, {scattered} scattered{other}</source>
        <translation>{n} 次发射：{fell} 个落入，{scattered} 个被散射{other}</translation>
    </message>
    <message>
        <source>k = 0: free motion, no field</source>
        <translation>k = 0：自由运动，无电场</translation>
    </message>
    <message>
        <source>potential energy U / |k|</source>
        <translation>势能 U / |k|</translation>
    </message>
    <message>
        <source>{y} against {x}</source>
        <translation>{y} 对 {x}</translation>
    </message>
    <message>
        <source>Launch a charge to plot its path&apos;s quantities</source>
        <translation>发射一个电荷以绘制其轨迹上的物理量</translation>
    </message>
    <message>
        <source>No particle to show</source>
        <translation>没有可显示的粒子</translation>
    </message>
    <message>
        <source>particle #{id}</source>
        <translation>粒子 #{id}</translation>
    </message>
    <message>
        <source>{count} particles</source>
        <translation>{count} 个粒子</translation>
    </message>
    <message>
        <source>{y} against {x}: {which}</source>
        <translation>{y} 对 {x}：{which}</translation>
    </message>
    <message>
        <source>{y} against {x} for {which}</source>
        <translation>{y} 对 {x}（{which}）</translation>
    </message>
    <message>
        <source>Sundman time τ</source>
        <translation>Sundman 时间 τ</translation>
    </message>
</context>
<context>
    <name>GraphPanel</name>
    <message>
        <source>Any against any</source>
        <translation>任意量对任意量</translation>
    </message>
    <message>
        <source>vertical quantity</source>
        <translation>纵轴物理量</translation>
    </message>
    <message>
        <source>horizontal quantity</source>
        <translation>横轴物理量</translation>
    </message>
    <message>
        <source>against</source>
        <translation>对</translation>
    </message>
    <message>
        <source>Selected particle</source>
        <translation>所选粒子</translation>
    </message>
    <message>
        <source>All particles</source>
        <translation>所有粒子</translation>
    </message>
    <message>
        <source>which particles</source>
        <translation>哪些粒子</translation>
    </message>
    <message>
        <source>Draw the selected particle only, or every visible one</source>
        <translation>只画所选粒子，或画所有可见粒子</translation>
    </message>
    <message>
        <source>Phase {x}, {y}</source>
        <translation>相图 {x}、{y}</translation>
    </message>
    <message>
        <source>Phase portrait: {y} against {x}</source>
        <translation>相图：{y} 对 {x}</translation>
    </message>
    <message>
        <source>phase portrait {y} against {x}</source>
        <translation>相图 {y} 对 {x}</translation>
    </message>
    <message>
        <source>Select a particle, or choose All particles.</source>
        <translation>请选择一个粒子，或选择“所有粒子”。</translation>
    </message>
</context>
<context>
    <name>Language</name>
    <message>
        <source>Figures stay in English: no font that draws Chinese was found (install one, e.g. Noto Sans CJK SC or WenQuanYi Micro Hei)</source>
        <translation>图中文字保持英文：未找到可显示中文的字体（请安装一种，例如 Noto Sans CJK SC 或 WenQuanYi Micro Hei）</translation>
    </message>
    <message>
        <source>System</source>
        <translation>跟随系统</translation>
    </message>
</context>
<context>
    <name>LaunchDialog</name>
    <message>
        <source>{name} is empty: type a number</source>
        <translation>{name} 为空：请输入一个数</translation>
    </message>
    <message>
        <source>Launch a charge</source>
        <translation>发射电荷</translation>
    </message>
    <message>
        <source>Polar (r, θ)</source>
        <translation>极坐标 (r, θ)</translation>
    </message>
    <message>
        <source>Cartesian (x, y)</source>
        <translation>直角坐标 (x, y)</translation>
    </message>
    <message>
        <source>degrees</source>
        <translation>度</translation>
    </message>
    <message>
        <source>radians</source>
        <translation>弧度</translation>
    </message>
    <message>
        <source>Unit of θ₀, and of ω₀ (per unit of t)</source>
        <translation>θ₀ 的单位，以及 ω₀ 的单位（每单位 t）</translation>
    </message>
    <message>
        <source>Angles in</source>
        <translation>角度单位</translation>
    </message>
    <message>
        <source>optional</source>
        <translation>可选</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Launch</source>
        <translation>发射</translation>
    </message>
    <message>
        <source>{name} must be positive, got {value}</source>
        <translation>{name} 必须为正，当前为 {value}</translation>
    </message>
    <message>
        <source>Not launchable yet: {reason}</source>
        <translation>尚不能发射：{reason}</translation>
    </message>
    <message>
        <source>Predicted at k = {k}: {fate}</source>
        <translation>k = {k} 时的预测：{fate}</translation>
    </message>
    <message>
        <source>Cannot launch: {reason}</source>
        <translation>无法发射：{reason}</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;G)</translation>
    </message>
    <message>
        <source>Press and drag on the plot to launch a charge (the arrow is its velocity); Space plays and pauses.</source>
        <translation>在图上按下并拖动以发射电荷（箭头表示其初速度）；空格键播放/暂停。</translation>
    </message>
    <message>
        <source>what the plot shows</source>
        <translation>图中显示的内容</translation>
    </message>
    <message>
        <source>Side panel</source>
        <translation>侧边栏</translation>
    </message>
    <message>
        <source>Not launched: {reason}</source>
        <translation>未发射：{reason}</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>Close the window</source>
        <translation>关闭窗口</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <source>Undo the last change of k or of the launches</source>
        <translation>撤销对 k 或发射的上一次更改</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <source>Redo what was undone</source>
        <translation>重做已撤销的操作</translation>
    </message>
    <message>
        <source>&amp;Delete the selected particle</source>
        <translation>删除所选粒子(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Layers</source>
        <translation>图层(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Theme</source>
        <translation>主题(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Side panel</source>
        <translation>侧边栏(&amp;S)</translation>
    </message>
    <message>
        <source>Show or hide the side panel: hidden, the plot takes the whole width</source>
        <translation>显示或隐藏侧边栏：隐藏时图占满整个宽度</translation>
    </message>
    <message>
        <source>&amp;Panels</source>
        <translation>面板(&amp;P)</translation>
    </message>
    <message>
        <source>Show {page} in the side panel</source>
        <translation>在侧边栏中显示“{page}”</translation>
    </message>
    <message>
        <source>&amp;Reset layout</source>
        <translation>重置布局(&amp;R)</translation>
    </message>
    <message>
        <source>Put the side panel back on the right, at its default width, and fit the window to the screen</source>
        <translation>将侧边栏放回右侧并恢复默认宽度，使窗口适应屏幕</translation>
    </message>
    <message>
        <source>&amp;Full screen</source>
        <translation>全屏(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Simulation</source>
        <translation>模拟(&amp;S)</translation>
    </message>
    <message>
        <source>Dipole strength &amp;k</source>
        <translation>偶极强度 k(&amp;K)</translation>
    </message>
    <message>
        <source>&amp;Presets</source>
        <translation>预设(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Launch with numbers…</source>
        <translation>按数值发射(&amp;L)…</translation>
    </message>
    <message>
        <source>Launch a charge from exact initial conditions</source>
        <translation>按精确的初始条件发射电荷</translation>
    </message>
    <message>
        <source>Pre&amp;diction</source>
        <translation>预测(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Clear all particles</source>
        <translation>清除所有粒子(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>键盘快捷键(&amp;K)</translation>
    </message>
    <message>
        <source>&amp;About Dipole Lab</source>
        <translation>关于 Dipole Lab(&amp;A)</translation>
    </message>
    <message>
        <source>&lt;b&gt;{title}.&lt;/b&gt; {description}</source>
        <translation>&lt;b&gt;{title}。&lt;/b&gt;{description}</translation>
    </message>
    <message>
        <source>Particle #{pid}: what will it do? Press 1, 2 or 3</source>
        <translation>粒子 #{pid}：它会怎样运动？请按 1、2 或 3</translation>
    </message>
    <message>
        <source>Particle #{pid}: {fate}</source>
        <translation>粒子 #{pid}：{fate}</translation>
    </message>
    <message>
        <source>&lt;b&gt;Session&lt;/b&gt; {name}</source>
        <translation>&lt;b&gt;会话&lt;/b&gt; {name}</translation>
    </message>
    <message>
        <source>Window</source>
        <translation>窗口</translation>
    </message>
    <message>
        <source>Presentation: the plot takes the whole window; F9 shows the side panel</source>
        <translation>演示模式：图占满整个窗口；按 F9 显示侧边栏</translation>
    </message>
    <message>
        <source>&lt;b&gt;Readout&lt;/b&gt;</source>
        <translation>&lt;b&gt;读数&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&amp;3-D view</source>
        <translation>三维视图(&amp;3)</translation>
    </message>
    <message>
        <source>Open the 3-D view: charges that leave the plane</source>
        <translation>打开三维视图：离开平面的电荷</translation>
    </message>
</context>
<context>
    <name>Measure</name>
    <message>
        <source>&amp;Accuracy…</source>
        <translation>精度(&amp;A)…</translation>
    </message>
    <message>
        <source>Choose the integrator and its tolerances; see how long the paths take and how far E drifts</source>
        <translation>选择积分器及其容差；查看计算轨迹所需时间以及 E 漂移多少</translation>
    </message>
    <message>
        <source>Pro&amp;bes</source>
        <translation>探针(&amp;B)</translation>
    </message>
</context>
<context>
    <name>Particles</name>
    <message>
        <source>particles</source>
        <translation>粒子</translation>
    </message>
    <message>
        <source>Select a particle to read it out; untick to hide it</source>
        <translation>选择一个粒子查看其读数；取消勾选可隐藏它</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Delete the selected particle (Delete)</source>
        <translation>删除所选粒子（Delete）</translation>
    </message>
    <message>
        <source>Clear all</source>
        <translation>全部清除</translation>
    </message>
    <message>
        <source>Delete every particle</source>
        <translation>删除所有粒子</translation>
    </message>
    <message>
        <source>Delete particle</source>
        <translation>删除粒子</translation>
    </message>
    <message>
        <source>start x = {x}, y = {y}, vx = {vx}, vy = {vy}</source>
        <translation>起点 x = {x}，y = {y}，vx = {vx}，vy = {vy}</translation>
    </message>
</context>
<context>
    <name>PendulumPanel</name>
    <message>
        <source>Hidden pendulum (Sundman time)</source>
        <translation>隐藏的单摆（Sundman 时间）</translation>
    </message>
    <message>
        <source>No particle selected.</source>
        <translation>未选择粒子。</translation>
    </message>
</context>
<context>
    <name>Physics</name>
    <message>
        <source>falls into the dipole at t = {t}</source>
        <translation>在 t = {t} 时落入偶极子</translation>
    </message>
    <message>
        <source>escapes, closest approach r = {r}</source>
        <translation>逃逸，最近距离 r = {r}</translation>
    </message>
    <message>
        <source>marginal (E = 0, C &lt; 0): r² grows linearly, escapes as r ∝ √t</source>
        <translation>临界（E = 0，C &lt; 0）：r² 线性增长，以 r ∝ √t 逃逸</translation>
    </message>
    <message>
        <source>marginal (C = 0): reaches the dipole at t = {t}</source>
        <translation>临界（C = 0）：在 t = {t} 时到达偶极子</translation>
    </message>
    <message>
        <source>marginal (C = 0): swings on a circle of constant r</source>
        <translation>临界（C = 0）：在 r 不变的圆弧上摆动</translation>
    </message>
    <message>
        <source>marginal (C = 0): escapes</source>
        <translation>临界（C = 0）：逃逸</translation>
    </message>
    <message>
        <source>no exact prediction: the potential is not the point dipole</source>
        <translation>无精确预测：该势不是点偶极子势</translation>
    </message>
    <message>
        <source>falls in at t = {t}</source>
        <translation>在 t = {t} 时落入</translation>
    </message>
    <message>
        <source>escapes</source>
        <translation>逃逸</translation>
    </message>
    <message>
        <source>marginal (C = 0)</source>
        <translation>临界（C = 0）</translation>
    </message>
    <message>
        <source>marginal (E = 0)</source>
        <translation>临界（E = 0）</translation>
    </message>
    <message>
        <source>no exact prediction</source>
        <translation>无精确预测</translation>
    </message>
    <message>
        <source>fell in at t = {t}</source>
        <translation>已在 t = {t} 时落入</translation>
    </message>
    <message>
        <source>reached r_max at t = {t}</source>
        <translation>已在 t = {t} 时到达 r_max</translation>
    </message>
    <message>
        <source>ran to t = {t}</source>
        <translation>运行到 t = {t}</translation>
    </message>
    <message>
        <source>stalled at t = {t}, at a singularity of U?</source>
        <translation>在 t = {t} 时停滞，位于 U 的奇点处？</translation>
    </message>
    <message>
        <source>stopped at t = {t} (see the tooltip)</source>
        <translation>在 t = {t} 时停止（见提示）</translation>
    </message>
    <message>
        <source>at most {t} launches in the 3-D view</source>
        <translation>三维视图中最多 {t} 次发射</translation>
    </message>
    <message>
        <source>the launch must start between r_min = {t} and r_max = {t}</source>
        <translation>发射点必须位于 r_min = {t} 与 r_max = {t} 之间</translation>
    </message>
    <message>
        <source>falls in (libration)</source>
        <translation>落入（摆动）</translation>
    </message>
    <message>
        <source>falls if moving in, escapes if moving out</source>
        <translation>向内运动则落入，向外运动则逃逸</translation>
    </message>
    <message>
        <source>escapes (libration)</source>
        <translation>逃逸（摆动）</translation>
    </message>
    <message>
        <source>escapes (rotation)</source>
        <translation>逃逸（转动）</translation>
    </message>
    <message>
        <source>free motion (k = 0)</source>
        <translation>自由运动（k = 0）</translation>
    </message>
    <message>
        <source>stopped at t = {t}, r = {r} after {evaluations} evaluations (the limit is {bound}): the path is kept up to there</source>
        <translation>在 t = {t}、r = {r} 处经过 {evaluations} 次求值后停止（上限为 {bound}）：轨迹保留到该处</translation>
    </message>
    <message>
        <source>stalled at t = {t}, (x, y) = ({x}, {y}): the steps shrank to a millionth of their size or to rounding level, as they do at a singularity of U; the path is kept up to there</source>
        <translation>在 t = {t}、(x, y) = ({x}, {y}) 处停滞：步长缩小到原来的百万分之一或舍入误差量级，这通常发生在 U 的奇点处；轨迹保留到该处</translation>
    </message>
    <message>
        <source>the launch point cannot be integrated: {problem}</source>
        <translation>无法从该发射点积分：{problem}</translation>
    </message>
    <message>
        <source>r0 = {r0} is not outside r_min = {r_min}</source>
        <translation>r0 = {r0} 不在 r_min = {r_min} 之外</translation>
    </message>
    <message>
        <source>r0 = {r0} is not inside r_max = {r_max}</source>
        <translation>r0 = {r0} 不在 r_max = {r_max} 之内</translation>
    </message>
    <message>
        <source>the launch speed is too large (at most 1e6)</source>
        <translation>发射速率过大（最大 1e6）</translation>
    </message>
    <message>
        <source>the launch point must not be the dipole itself (x0 = y0 = 0)</source>
        <translation>发射点不能是偶极子本身（x0 = y0 = 0）</translation>
    </message>
    <message>
        <source>{name} must be a number, got {text}</source>
        <translation>{name} 必须是一个数，当前为 {text}</translation>
    </message>
    <message>
        <source>{name} must be a finite number, got {text}</source>
        <translation>{name} 必须是有限的数，当前为 {text}</translation>
    </message>
    <message>
        <source>k must be between {low} and {high}, got {k}</source>
        <translation>k 必须在 {low} 到 {high} 之间，当前为 {k}</translation>
    </message>
    <message>
        <source>a launch: {problem}</source>
        <translation>某次发射：{problem}</translation>
    </message>
    <message>
        <source>{coord} is cyclic: its momentum {name} = {momentum} is conserved</source>
        <translation>{coord} 是循环坐标：其共轭动量 {name} = {momentum} 守恒</translation>
    </message>
    <message>
        <source>T and U do not depend on t: the energy E = {energy} is conserved</source>
        <translation>T 和 U 不显含 t：能量 E = {energy} 守恒（能量守恒）</translation>
    </message>
    <message>
        <source>U is homogeneous of degree -2 in r: d²(r²)/dt² = 4E, so r(t)² = 2E t² + 2 r0 vr0 t + r0² exactly, and C = {C} is conserved (the pendulum energy in Sundman time)</source>
        <translation>U 是 r 的 −2 次齐次函数：d²(r²)/dt² = 4E，因此严格有 r(t)² = 2E t² + 2 r0 vr0 t + r0²，且 C = {C} 守恒（即 Sundman 时间中的单摆能量）</translation>
    </message>
    <message>
        <source>pasted setup</source>
        <translation>粘贴的设置</translation>
    </message>
    <message>
        <source>{source}: is not text</source>
        <translation>{source}：不是文本</translation>
    </message>
    <message>
        <source>{source}: is {count} characters long, far more than a setup can be</source>
        <translation>{source}：长达 {count} 个字符，远超设置文本可能的长度</translation>
    </message>
    <message>
        <source>{source}: is empty: copy a setup with Edit ▸ Copy setup first</source>
        <translation>{source}：是空的：请先用“编辑 ▸ 复制设置”复制一个设置</translation>
    </message>
    <message>
        <source>{source}: is version {version} of the setup text, which this version cannot read</source>
        <translation>{source}：是第 {version} 版设置文本，本版本无法读取</translation>
    </message>
    <message>
        <source>{source}: is not a Dipole Lab setup (it should start with {prefix}; copy one with Edit ▸ Copy setup)</source>
        <translation>{source}：不是 Dipole Lab 设置（应以 {prefix} 开头；请用“编辑 ▸ 复制设置”复制）</translation>
    </message>
    <message>
        <source>{source}: is damaged: it holds characters a copied setup never has (was it changed?)</source>
        <translation>{source}：已损坏：含有复制的设置中不会出现的字符（是否被改动过？）</translation>
    </message>
    <message>
        <source>{source}: is damaged or cut short (was it copied whole?)</source>
        <translation>{source}：已损坏或被截断（是否完整复制？）</translation>
    </message>
    <message>
        <source>{source}: is cut short (was it copied whole?)</source>
        <translation>{source}：被截断（是否完整复制？）</translation>
    </message>
    <message>
        <source>{source}: cannot read: {reason}</source>
        <translation>{source}：无法读取：{reason}</translation>
    </message>
    <message>
        <source>{source}: cannot save: {reason}</source>
        <translation>{source}：无法保存：{reason}</translation>
    </message>
    <message>
        <source>{source}: is empty, not a session file</source>
        <translation>{source}：是空文件，不是会话文件</translation>
    </message>
    <message>
        <source>{source}: is not UTF-8 text (byte {byte} at offset {offset})</source>
        <translation>{source}：不是 UTF-8 文本（偏移 {offset} 处的字节 {byte}）</translation>
    </message>
    <message>
        <source>{source}: is not valid JSON: {reason} at line {line}, column {column}</source>
        <translation>{source}：不是有效的 JSON：第 {line} 行第 {column} 列，{reason}</translation>
    </message>
    <message>
        <source>{source}: ends too early (truncated?) at line {line}, column {column}</source>
        <translation>{source}：在第 {line} 行第 {column} 列提前结束（被截断？）</translation>
    </message>
    <message>
        <source>U: {message}</source>
        <translation>U：{message}</translation>
    </message>
    <message>
        <source>T: {message}</source>
        <translation>T：{message}</translation>
    </message>
    <message>
        <source>the expression is empty</source>
        <translation>表达式为空</translation>
    </message>
    <message>
        <source>unknown name {name} (allowed: {allowed})</source>
        <translation>未知的名称 {name}（允许：{allowed}）</translation>
    </message>
    <message>
        <source>unknown name {name}; did you mean {better}? (allowed: {allowed})</source>
        <translation>未知的名称 {name}；你是指 {better} 吗？（允许：{allowed}）</translation>
    </message>
    <message>
        <source>{name} is a function: write {call}</source>
        <translation>{name} 是函数：请写成 {call}</translation>
    </message>
    <message>
        <source>{name} is a velocity: U may depend only on the position and the parameters</source>
        <translation>{name} 是速度：U 只能依赖于位置和参数</translation>
    </message>
    <message>
        <source>division by zero in {expression}</source>
        <translation>{expression} 中出现除以零</translation>
    </message>
    <message>
        <source>syntax error at column {column}: {error}</source>
        <translation>第 {column} 列语法错误：{error}</translation>
    </message>
    <message>
        <source>syntax error at column {column}: {error} (use * for products, e.g. 2*r)</source>
        <translation>第 {column} 列语法错误：{error}（乘积请用 *，例如 2*r）</translation>
    </message>
    <message>
        <source>First shot</source>
        <translation>第一次发射</translation>
    </message>
    <message>
        <source>Drag from the green start zone to launch a charge (or use the keyboard: Enter shows the launch cursor, the arrows move it, Enter launches). Hit the gold target. The dipole bends every path a little.</source>
        <translation>从绿色起点区拖动以发射电荷（或用键盘：Enter 显示发射光标，方向键移动它，再按 Enter 发射）。击中金色目标。偶极子会让每条轨迹都稍微弯曲。</translation>
    </message>
    <message>
        <source>Behind the dipole</source>
        <translation>偶极子背后</translation>
    </message>
    <message>
        <source>The target hides behind the dipole and a wall blocks the low road. With k &gt; 0 the left side pushes the charge away and the right side pulls it in: fly over the top and let the dipole bring it down.</source>
        <translation>目标藏在偶极子背后，一堵墙挡住了下方的路。k &gt; 0 时，偶极子左侧把电荷推开，右侧把它拉近：从上方飞过去，让偶极子把它拉下来。</translation>
    </message>
    <message>
        <source>Capture and escape</source>
        <translation>捕获与逃逸</translation>
    </message>
    <message>
        <source>The block stands in the way. Dive under the dipole with just a little more than the speed that would make it fall in (C slightly above 0): it swings round the dipole and escapes upwards, towards the target.</source>
        <translation>方块挡在路上。以略大于会使电荷落入的速率从偶极子下方穿过（C 略大于 0）：它绕偶极子转过去，向上逃逸，飞向目标。</translation>
    </message>
    <message>
        <source>Pushed away</source>
        <translation>被推开</translation>
    </message>
    <message>
        <source>You choose k (the k bar, from -2 to 2). With k &gt; 0 the right side of the dipole pulls the charge into the red zone; flip the sign of k so that it pushes the charge away, round the end of the wall and down to the target.</source>
        <translation>由你选择 k（用 k 滑块，从 -2 到 2）。k &gt; 0 时，偶极子右侧把电荷拉进红色区域；把 k 反号，让它把电荷推开，绕过墙的末端，落向目标。</translation>
    </message>
    <message>
        <source>fan {angle}</source>
        <translation>扇形 {angle}</translation>
    </message>
    <message>
        <source>map {number}</source>
        <translation>试探 {number}</translation>
    </message>
</context>
<context>
    <name>Player</name>
    <message>
        <source>Play</source>
        <translation>播放</translation>
    </message>
    <message>
        <source>Play or pause the animation (Space)</source>
        <translation>播放或暂停动画（空格）</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>单步</translation>
    </message>
    <message>
        <source>Pause and move the clock on by one sample (.)</source>
        <translation>暂停并将时钟前进一个采样点（.）</translation>
    </message>
    <message>
        <source>Restart</source>
        <translation>重新开始</translation>
    </message>
    <message>
        <source>Set the clock back to t = 0 (Home)</source>
        <translation>将时钟拨回 t = 0（Home）</translation>
    </message>
    <message>
        <source>Faster</source>
        <translation>加快</translation>
    </message>
    <message>
        <source>Slower</source>
        <translation>减慢</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Speed</source>
        <translation>速度</translation>
    </message>
    <message>
        <source>Units of t per second of animation ([ slower, ] faster)</source>
        <translation>动画每秒对应的 t 单位数（[ 减慢，] 加快）</translation>
    </message>
    <message>
        <source>speed</source>
        <translation>播放速度</translation>
    </message>
    <message>
        <source>Drag to move the clock</source>
        <translation>拖动以移动时钟</translation>
    </message>
    <message>
        <source>time</source>
        <translation>时间</translation>
    </message>
</context>
<context>
    <name>PotentialPanel</name>
    <message>
        <source>Potential</source>
        <translation>势</translation>
    </message>
    <message>
        <source>Custom (typed below)</source>
        <translation>自定义（在下方输入）</translation>
    </message>
    <message>
        <source>Pick a potential; its U appears below and is derived at once</source>
        <translation>选择一种势；其 U 显示在下方并立即推导</translation>
    </message>
    <message>
        <source>Preset</source>
        <translation>预设</translation>
    </message>
    <message>
        <source>-k*cos(theta)/r^2   (r, theta, x, y; k, q, d, E0; sin, cos, exp, sqrt, ...)</source>
        <translation>-k*cos(theta)/r^2   （变量 r, theta, x, y；参数 k, q, d, E0；函数 sin, cos, exp, sqrt, ...）</translation>
    </message>
    <message>
        <source>Potential energy U(r, θ). Press Enter or Derive.</source>
        <translation>势能 U(r, θ)。按 Enter 或“推导”。</translation>
    </message>
    <message>
        <source>default: (r_dot^2 + r^2*theta_dot^2)/2</source>
        <translation>默认：(r_dot^2 + r^2*theta_dot^2)/2</translation>
    </message>
    <message>
        <source>Kinetic energy T(r, θ, r_dot, theta_dot); leave empty for the usual one</source>
        <translation>动能 T(r, θ, r_dot, theta_dot)；留空则使用通常的动能</translation>
    </message>
    <message>
        <source>Derive and use</source>
        <translation>推导并使用</translation>
    </message>
    <message>
        <source>Derive the Euler–Lagrange equations with sympy and integrate every launch with them</source>
        <translation>用 sympy 推导欧拉-拉格朗日方程，并用它们对每次发射重新积分</translation>
    </message>
    <message>
        <source>Point dipole</source>
        <translation>点偶极子</translation>
    </message>
    <message>
        <source>Back to the exactly solvable point dipole</source>
        <translation>回到可精确求解的点偶极子</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>参数</translation>
    </message>
    <message>
        <source>Still deriving the previous potential…</source>
        <translation>仍在推导上一个势…</translation>
    </message>
    <message>
        <source>Deriving with sympy and compiling (a new potential takes a while the first time)…</source>
        <translation>正在用 sympy 推导并编译（新的势第一次需要一些时间）…</translation>
    </message>
    <message>
        <source>Using {name}: every launch was integrated again.</source>
        <translation>正在使用“{name}”：所有发射已重新积分。</translation>
    </message>
    <message>
        <source>Refused: {reason}</source>
        <translation>被拒绝：{reason}</translation>
    </message>
    <message>
        <source>Not the point dipole: the fate, the regime map, the pendulum and the exact overlay do not apply.</source>
        <translation>不是点偶极子：命运预测、运动区域图、单摆和精确解叠加均不适用。</translation>
    </message>
</context>
<context>
    <name>Potentials</name>
    <message>
        <source>Point dipole</source>
        <translation>点偶极子</translation>
    </message>
    <message>
        <source>Finite dipole (±k/d at distance d)</source>
        <translation>有限偶极子（相距 d 的 ±k/d）</translation>
    </message>
    <message>
        <source>separation d</source>
        <translation>间距 d</translation>
    </message>
    <message>
        <source>Point charge</source>
        <translation>点电荷</translation>
    </message>
    <message>
        <source>Dipole plus point charge</source>
        <translation>偶极子加点电荷</translation>
    </message>
    <message>
        <source>net charge q</source>
        <translation>净电荷 q</translation>
    </message>
    <message>
        <source>Linear quadrupole</source>
        <translation>线性四极子</translation>
    </message>
    <message>
        <source>Dipole in a uniform field</source>
        <translation>匀强电场中的偶极子</translation>
    </message>
    <message>
        <source>uniform field E0</source>
        <translation>匀强电场 E0</translation>
    </message>
</context>
<context>
    <name>Predict</name>
    <message>
        <source>Falls in</source>
        <translation>落入</translation>
    </message>
    <message>
        <source>Escapes</source>
        <translation>逃逸</translation>
    </message>
    <message>
        <source>Marginal</source>
        <translation>临界</translation>
    </message>
    <message>
        <source>falls into the dipole</source>
        <translation>落入偶极子</translation>
    </message>
    <message>
        <source>escapes</source>
        <translation>逃逸</translation>
    </message>
    <message>
        <source>is marginal (C = 0, or E = 0 moving out)</source>
        <translation>处于临界（C = 0，或 E = 0 向外运动）</translation>
    </message>
    <message>
        <source>no predictions yet</source>
        <translation>尚无预测</translation>
    </message>
    <message>
        <source>{right} of {asked} right</source>
        <translation>{asked} 题答对 {right} 题</translation>
    </message>
    <message>
        <source>No exact answer here: {description}</source>
        <translation>此处没有精确答案：{description}</translation>
    </message>
    <message>
        <source>Right! It {answer}.</source>
        <translation>答对了！它{answer}。</translation>
    </message>
    <message>
        <source>Not this time: it {answer}.</source>
        <translation>这次没答对：它{answer}。</translation>
    </message>
    <message>
        <source>Hide</source>
        <translation>隐藏</translation>
    </message>
    <message>
        <source>Predict: the charge {answer} (key {key})</source>
        <translation>预测：电荷{answer}（按键 {key}）</translation>
    </message>
    <message>
        <source>{tip}; marginal: it swings on a circle, just reaches the dipole, or escapes as r ∝ √t</source>
        <translation>{tip}；临界：在圆弧上摆动、恰好到达偶极子，或以 r ∝ √t 逃逸</translation>
    </message>
    <message>
        <source>&amp;Predict, then reveal</source>
        <translation>先预测，再揭晓(&amp;P)</translation>
    </message>
    <message>
        <source>After a launch show only its start and velocity; the class predicts, then the path is revealed</source>
        <translation>发射后只显示起点和速度；全班先预测，再揭晓轨迹</translation>
    </message>
    <message>
        <source>Predict: {choice}</source>
        <translation>预测：{choice}</translation>
    </message>
    <message>
        <source>Reset the class&apos;s score</source>
        <translation>重置全班得分</translation>
    </message>
    <message>
        <source>Predict, then reveal: launch a charge; the class picks 1, 2 or 3 before the path is shown</source>
        <translation>先预测，再揭晓：发射一个电荷；在显示轨迹之前，全班选择 1、2 或 3</translation>
    </message>
    <message>
        <source>What will this charge do?</source>
        <translation>这个电荷会怎样运动？</translation>
    </message>
    <message>
        <source>{verdict}  ({fate}; the class: {score})</source>
        <translation>{verdict}  （{fate}；全班：{score}）</translation>
    </message>
</context>
<context>
    <name>Presets</name>
    <message>
        <source>Release from rest on the equator</source>
        <translation>在赤道上由静止释放</translation>
    </message>
    <message>
        <source>A charge let go at rest on the dipole&apos;s equator (θ = 90°) has E = 0 and C = 0: r stays constant and it swings along a semicircle with period 4K(½) r₀²/√k ≈ 7.416 r₀²/√k.</source>
        <translation>在偶极子赤道面（θ = 90°）上由静止释放的电荷有 E = 0 和 C = 0：r 保持不变，它沿半圆摆动，周期为 4K(½) r₀²/√k ≈ 7.416 r₀²/√k。</translation>
    </message>
    <message>
        <source>semicircle swing</source>
        <translation>半圆摆动</translation>
    </message>
    <message>
        <source>Radial fall along the axis</source>
        <translation>沿轴线径向下落</translation>
    </message>
    <message>
        <source>Released at rest on the +x axis, the charge falls straight in: r² = r₀² − 2k t²/r₀² exactly, reaching the centre at t* = r₀²/√(2k).</source>
        <translation>在 +x 轴上由静止释放，电荷沿直线落入：严格有 r² = r₀² − 2k t²/r₀²，在 t* = r₀²/√(2k) 时到达中心。</translation>
    </message>
    <message>
        <source>radial fall</source>
        <translation>径向下落</translation>
    </message>
    <message>
        <source>Capture and escape on either side of C = 0</source>
        <translation>C = 0 两侧的捕获与逃逸</translation>
    </message>
    <message>
        <source>Two launches from the same point with tangential speeds just below and just above the value that makes C = ½(r²θ̇)² − k cos θ vanish: C &lt; 0 falls in, C &gt; 0 escapes.</source>
        <translation>从同一点发射两个电荷，切向速率分别略低于和略高于使 C = ½(r²θ̇)² − k cos θ 为零的值：C &lt; 0 的落入，C &gt; 0 的逃逸。</translation>
    </message>
    <message>
        <source>C &lt; 0: captured</source>
        <translation>C &lt; 0：被捕获</translation>
    </message>
    <message>
        <source>C &gt; 0: escapes</source>
        <translation>C &gt; 0：逃逸</translation>
    </message>
    <message>
        <source>Libration and rotation on either side of C = |k|</source>
        <translation>C = |k| 两侧的摆动与转动</translation>
    </message>
    <message>
        <source>In Sundman time the angle is a pendulum with energy C. Below C = |k| it swings back and forth (libration); above, it goes all the way round (rotation).</source>
        <translation>在 Sundman 时间中，角度的运动是一个能量为 C 的单摆。C 低于 |k| 时来回摆动（摆动）；高于 |k| 时绕满整圈（转动）。</translation>
    </message>
    <message>
        <source>C &lt; |k|: libration</source>
        <translation>C &lt; |k|：摆动</translation>
    </message>
    <message>
        <source>C &gt; |k|: rotation</source>
        <translation>C &gt; |k|：转动</translation>
    </message>
    <message>
        <source>A field line against the real path</source>
        <translation>电场线与真实轨迹的对比</translation>
    </message>
    <message>
        <source>A charge released from rest does not follow the field line through its start: its inertia carries it across the lines. The highlighted curve is the field line r = c sin²θ through the starting point.</source>
        <translation>由静止释放的电荷并不沿着过其起点的电场线运动：惯性使它穿越电场线。高亮曲线是过起点的电场线 r = c sin²θ。</translation>
    </message>
    <message>
        <source>released from rest</source>
        <translation>由静止释放</translation>
    </message>
    <message>
        <source>A fan of launches</source>
        <translation>扇形发射</translation>
    </message>
    <message>
        <source>Twelve charges leave one point at the same speed in different directions: those aimed near the dipole fall in, the others escape.</source>
        <translation>十二个电荷以相同速率从同一点沿不同方向发出：瞄准偶极子附近的落入，其余的逃逸。</translation>
    </message>
</context>
<context>
    <name>Probes</name>
    <message>
        <source>&amp;Add probe</source>
        <translation>添加探针(&amp;A)</translation>
    </message>
    <message>
        <source>Place a probe that reads the potential V and the field E where it stands; drag it on the plot, right-click it to remove it</source>
        <translation>放置一个探针，读取所在位置的电势 V 和电场 E；可在图上拖动，右键单击可移除</translation>
    </message>
    <message>
        <source>Remove &amp;last probe</source>
        <translation>移除最后一个探针(&amp;L)</translation>
    </message>
    <message>
        <source>Remove the probe placed last</source>
        <translation>移除最后放置的探针</translation>
    </message>
    <message>
        <source>Remove all p&amp;robes</source>
        <translation>移除所有探针(&amp;R)</translation>
    </message>
    <message>
        <source>Take every probe off the plot</source>
        <translation>从图上移除所有探针</translation>
    </message>
    <message>
        <source>At most {count} probes: remove one first</source>
        <translation>最多 {count} 个探针：请先移除一个</translation>
    </message>
    <message>
        <source>Probe P{n} at ({x}, {y}): on a singularity of U, V and E are not defined there</source>
        <translation>探针 P{n} 位于 ({x}, {y})：处于 U 的奇点，此处 V 和 E 无定义</translation>
    </message>
    <message>
        <source>Probe P{n} at ({x}, {y}): V = {V}, E = ({Ex}, {Ey}), |E| = {E}</source>
        <translation>探针 P{n} 位于 ({x}, {y})：V = {V}，E = ({Ex}, {Ey})，|E| = {E}</translation>
    </message>
</context>
<context>
    <name>Readouts</name>
    <message>
        <source>fell into the dipole (r = r_min) at t = {t:.6g}</source>
        <translation>在 t = {t:.6g} 时落入偶极子（r = r_min）</translation>
    </message>
    <message>
        <source>left the view for good (r = r_max) at t = {t:.6g}</source>
        <translation>在 t = {t:.6g} 时永久离开视图（r = r_max）</translation>
    </message>
    <message>
        <source>ran to t_max = {t:.6g}</source>
        <translation>运行到 t_max = {t:.6g}</translation>
    </message>
    <message>
        <source>the integration failed at t = {t:.6g}</source>
        <translation>积分在 t = {t:.6g} 时失败</translation>
    </message>
    <message>
        <source>Particle</source>
        <translation>粒子</translation>
    </message>
    <message>
        <source>speed |v|</source>
        <translation>速率 |v|</translation>
    </message>
    <message>
        <source>Predicted</source>
        <translation>预测</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>none selected: press and drag on the plot to launch one</source>
        <translation>未选择：在图上按下并拖动以发射一个</translation>
    </message>
    <message>
        <source>{value}   (drift {drift})</source>
        <translation>{value}   （漂移 {drift}）</translation>
    </message>
    <message>
        <source>—   (this U has no second invariant)</source>
        <translation>—   （此 U 没有第二个守恒量）</translation>
    </message>
    <message>
        <source>in flight</source>
        <translation>运动中</translation>
    </message>
</context>
<context>
    <name>Recovery</name>
    <message>
        <source>The settings file could not be read ({status}): starting with the default settings.</source>
        <translation>无法读取设置文件（{status}）：以默认设置启动。</translation>
    </message>
    <message>
        <source>Some settings could not be read and are back to their defaults: {keys}.</source>
        <translation>部分设置无法读取，已恢复为默认值：{keys}。</translation>
    </message>
    <message>
        <source>Autosave failed: {error}</source>
        <translation>自动保存失败：{error}</translation>
    </message>
    <message>
        <source>Could not restore the autosaved session: {reason}</source>
        <translation>无法恢复自动保存的会话：{reason}</translation>
    </message>
    <message>
        <source>Restoring the autosaved session was cancelled: it was discarded.</source>
        <translation>已取消恢复自动保存的会话：该会话已丢弃。</translation>
    </message>
    <message>
        <source>Restoring the session autosaved at {when}: deriving its potential…</source>
        <translation>正在恢复于 {when} 自动保存的会话：正在推导其势…</translation>
    </message>
    <message>
        <source>Restored the session autosaved at {when}: save it to keep it.</source>
        <translation>已恢复于 {when} 自动保存的会话：请保存以保留它。</translation>
    </message>
    <message>
        <source>Cannot look for autosaved sessions: {reason}</source>
        <translation>无法查找自动保存的会话：{reason}</translation>
    </message>
    <message>
        <source>Restore unsaved work?</source>
        <translation>恢复未保存的工作？</translation>
    </message>
    <message>
        <source>Dipole Lab did not close normally last time. Restore the session autosaved at {when} (k = {k}, {particles})?

No discards it.</source>
        <translation>Dipole Lab 上次未正常关闭。是否恢复于 {when} 自动保存的会话（k = {k}，{particles}）？

选择“否”将丢弃它。</translation>
    </message>
    <message>
        <source>1 particle</source>
        <translation>1 个粒子</translation>
    </message>
    <message>
        <source>{count} particles</source>
        <translation>{count} 个粒子</translation>
    </message>
    <message>
        <source>The autosaved session was discarded.</source>
        <translation>自动保存的会话已丢弃。</translation>
    </message>
    <message>
        <source>An autosave could not be read and was removed: {problem}</source>
        <translation>一个自动保存文件无法读取，已删除：{problem}</translation>
    </message>
</context>
<context>
    <name>RegimePanel</name>
    <message>
        <source>falls</source>
        <translation>落入</translation>
    </message>
    <message>
        <source>escapes</source>
        <translation>逃逸</translation>
    </message>
    <message>
        <source>escapes (libration)</source>
        <translation>逃逸（摆动）</translation>
    </message>
    <message>
        <source>escapes (rotation)</source>
        <translation>逃逸（转动）</translation>
    </message>
    <message>
        <source>marginal</source>
        <translation>临界</translation>
    </message>
    <message>
        <source>stays</source>
        <translation>停留</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>Regime map</source>
        <translation>运动区域图</translation>
    </message>
    <message>
        <source>Fan: N launches from one point</source>
        <translation>扇形：从同一点发射 N 次</translation>
    </message>
    <message>
        <source>x of the launch point</source>
        <translation>发射点的 x</translation>
    </message>
    <message>
        <source>y of the launch point</source>
        <translation>发射点的 y</translation>
    </message>
    <message>
        <source>angles</source>
        <translation>角度</translation>
    </message>
    <message>
        <source>speeds</source>
        <translation>速率</translation>
    </message>
    <message>
        <source>Spread the launches over directions (at one speed) or over speeds (in one direction)</source>
        <translation>将发射分布在不同方向上（速率相同）或不同速率上（方向相同）</translation>
    </message>
    <message>
        <source>first angle (degrees) or speed</source>
        <translation>起始角度（度）或速率</translation>
    </message>
    <message>
        <source>last angle (degrees) or speed</source>
        <translation>终止角度（度）或速率</translation>
    </message>
    <message>
        <source>the speed (when spreading angles) or the angle in degrees (when spreading speeds)</source>
        <translation>速率（分布角度时）或角度，单位为度（分布速率时）</translation>
    </message>
    <message>
        <source>Launch fan</source>
        <translation>扇形发射</translation>
    </message>
    <message>
        <source>Add the fan to the session; each path is coloured by its fate</source>
        <translation>将扇形发射加入会话；每条轨迹按其结局着色</translation>
    </message>
    <message>
        <source>speed</source>
        <translation>速率</translation>
    </message>
    <message>
        <source>spread</source>
        <translation>分布</translation>
    </message>
    <message>
        <source>from</source>
        <translation>从</translation>
    </message>
    <message>
        <source>to</source>
        <translation>到</translation>
    </message>
    <message>
        <source>angle°</source>
        <translation>角度°</translation>
    </message>
    <message>
        <source>Fan refused: {reason}</source>
        <translation>扇形发射被拒绝：{reason}</translation>
    </message>
    <message>
        <source>, </source>
        <translation>，</translation>
    </message>
    <message>
        <source>Fan of {count}: {summary}</source>
        <translation>扇形发射 {count} 次：{summary}</translation>
    </message>
</context>
<context>
    <name>ScatteringPanel</name>
    <message>
        <source>Scattering lab</source>
        <translation>散射实验</translation>
    </message>
    <message>
        <source>smallest impact parameter b</source>
        <translation>最小碰撞参数 b</translation>
    </message>
    <message>
        <source>largest impact parameter b</source>
        <translation>最大碰撞参数 b</translation>
    </message>
    <message>
        <source>number of launches in the beam</source>
        <translation>束中的发射次数</translation>
    </message>
    <message>
        <source>speed v of every launch</source>
        <translation>每次发射的速率 v</translation>
    </message>
    <message>
        <source>direction of travel, degrees from +x (180: coming in from the right)</source>
        <translation>运动方向，自 +x 起算的角度（180：从右方射入）</translation>
    </message>
    <message>
        <source>Where the integration starts, this far behind the dipole. Point dipole: each charge starts on its exact orbit from infinity and its deflection is read at infinity, so the start changes nothing. Other potentials: the charges start on the straight line here, with the beam&apos;s velocity, and the deflection is read where they leave this radius: the pull outside it is left out (start further out to see how much it matters)</source>
        <translation>积分的起点，位于偶极子后方这么远处。点偶极子：每个电荷从无穷远处沿其精确轨道出发，偏转角在无穷远处读取，因此起点不影响结果。其他势：电荷在此处以粒子束的速度沿直线出发，偏转角在离开此半径处读取：此半径以外的作用被忽略（把起点设得更远，可看出其影响有多大）</translation>
    </message>
    <message>
        <source>b from</source>
        <translation>b 从</translation>
    </message>
    <message>
        <source>to</source>
        <translation>到</translation>
    </message>
    <message>
        <source>speed</source>
        <translation>速率</translation>
    </message>
    <message>
        <source>direction°</source>
        <translation>方向°</translation>
    </message>
    <message>
        <source>start</source>
        <translation>起始距离</translation>
    </message>
    <message>
        <source>Fire beam</source>
        <translation>发射粒子束</translation>
    </message>
    <message>
        <source>Integrate every launch of the beam (in the background) with the current potential and k</source>
        <translation>用当前的势和 k（在后台）对束中每次发射进行积分</translation>
    </message>
    <message>
        <source>Refused: {reason}</source>
        <translation>被拒绝：{reason}</translation>
    </message>
    <message>
        <source>Integrating {count} launches…</source>
        <translation>正在积分 {count} 次发射…</translation>
    </message>
    <message>
        <source>Failed: {reason}</source>
        <translation>失败：{reason}</translation>
    </message>
    <message>
        <source>k or the potential changed: fire again to update the plots</source>
        <translation>k 或势已改变：请重新发射以更新图表</translation>
    </message>
    <message>
        <source> (started on straight lines {start:g} out: the pull outside that is left out)</source>
        <translation>（在 {start:g} 处沿直线出发：其外的作用被忽略）</translation>
    </message>
</context>
<context>
    <name>SessionFiles</name>
    <message>
        <source>Dipole Lab session (*.json);;All files (*)</source>
        <translation>Dipole Lab 会话 (*.json);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Untitled</source>
        <translation>未命名</translation>
    </message>
    <message>
        <source>&amp;Open session…</source>
        <translation>打开会话(&amp;O)…</translation>
    </message>
    <message>
        <source>Open a saved session (k, launches, view, layers, theme)</source>
        <translation>打开已保存的会话（k、发射、视图、图层、主题）</translation>
    </message>
    <message>
        <source>&amp;Save session</source>
        <translation>保存会话(&amp;S)</translation>
    </message>
    <message>
        <source>Save the session to its file</source>
        <translation>将会话保存到其文件</translation>
    </message>
    <message>
        <source>Save session &amp;as…</source>
        <translation>会话另存为(&amp;A)…</translation>
    </message>
    <message>
        <source>Save the session to a new file</source>
        <translation>将会话保存到新文件</translation>
    </message>
    <message>
        <source>Open &amp;recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <source>Save to {path}</source>
        <translation>保存到 {path}</translation>
    </message>
    <message>
        <source>Save to a new file</source>
        <translation>保存到新文件</translation>
    </message>
    <message>
        <source>Open session</source>
        <translation>打开会话</translation>
    </message>
    <message>
        <source>Opening {name} was cancelled: the session is as it was.</source>
        <translation>已取消打开 {name}：会话保持原样。</translation>
    </message>
    <message>
        <source>Opening {name}: deriving its potential…</source>
        <translation>正在打开 {name}：正在推导其势…</translation>
    </message>
    <message>
        <source>Cannot open the session</source>
        <translation>无法打开会话</translation>
    </message>
    <message>
        <source>Opened {path}</source>
        <translation>已打开 {path}</translation>
    </message>
    <message>
        <source>Save changes?</source>
        <translation>保存更改？</translation>
    </message>
    <message>
        <source>{name} has changes that are not saved. Save them before closing?</source>
        <translation>{name} 有尚未保存的更改。关闭前保存吗？</translation>
    </message>
    <message>
        <source>Save session as</source>
        <translation>会话另存为</translation>
    </message>
    <message>
        <source>Cannot save the session</source>
        <translation>无法保存会话</translation>
    </message>
    <message>
        <source>Saved {path}</source>
        <translation>已保存 {path}</translation>
    </message>
    <message>
        <source>Removed from Open recent (no longer there): {names}</source>
        <translation>已从“最近打开”中移除（文件已不存在）：{names}</translation>
    </message>
    <message>
        <source>&amp;Clear the list</source>
        <translation>清空列表(&amp;C)</translation>
    </message>
    <message>
        <source>(no recent sessions)</source>
        <translation>（没有最近的会话）</translation>
    </message>
    <message>
        <source>Session not found</source>
        <translation>找不到会话</translation>
    </message>
    <message>
        <source>{path} is no longer there; it was removed from Open recent.</source>
        <translation>{path} 已不存在；已将其从“最近打开”中移除。</translation>
    </message>
</context>
<context>
    <name>SetupSharing</name>
    <message>
        <source>&amp;Copy setup</source>
        <translation>复制设置(&amp;C)</translation>
    </message>
    <message>
        <source>Copy k, the launches, the potential and the view as one line of text, to send by chat or mail</source>
        <translation>将 k、发射、势和视图复制为一行文本，便于通过聊天或邮件发送</translation>
    </message>
    <message>
        <source>&amp;Paste setup</source>
        <translation>粘贴设置(&amp;P)</translation>
    </message>
    <message>
        <source>Replace the session with a setup copied as text (Ctrl+Z undoes it)</source>
        <translation>用以文本形式复制的设置替换当前会话（Ctrl+Z 可撤销）</translation>
    </message>
    <message>
        <source>Cannot copy the setup</source>
        <translation>无法复制设置</translation>
    </message>
    <message>
        <source>Copied the setup ({count} characters): paste it into Dipole Lab with Edit ▸ Paste setup</source>
        <translation>已复制设置（{count} 个字符）：在 Dipole Lab 中用“编辑 ▸ 粘贴设置”粘贴</translation>
    </message>
    <message>
        <source>Pasting the setup was cancelled: the session is as it was.</source>
        <translation>已取消粘贴设置：会话保持原样。</translation>
    </message>
    <message>
        <source>Pasting a setup: deriving its potential…</source>
        <translation>正在粘贴设置：正在推导其势…</translation>
    </message>
    <message>
        <source>Cannot paste the setup</source>
        <translation>无法粘贴设置</translation>
    </message>
    <message>
        <source>Pasted a setup: k = {k:g}, {count} launches (Ctrl+Z undoes it)</source>
        <translation>已粘贴设置：k = {k:g}，{count} 次发射（Ctrl+Z 可撤销）</translation>
    </message>
</context>
<context>
    <name>Shortcuts</name>
    <message>
        <source>Plot</source>
        <translation>图</translation>
    </message>
    <message>
        <source>Launch a charge</source>
        <translation>发射电荷</translation>
    </message>
    <message>
        <source>press, drag, release</source>
        <translation>按下、拖动、松开</translation>
    </message>
    <message>
        <source>Cancel a launch while dragging</source>
        <translation>拖动时取消发射</translation>
    </message>
    <message>
        <source>Pan / zoom</source>
        <translation>平移 / 缩放</translation>
    </message>
    <message>
        <source>toolbar buttons, then drag</source>
        <translation>工具栏按钮，然后拖动</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <source>Menu</source>
        <translation>菜单</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Shortcut</source>
        <translation>快捷键</translation>
    </message>
</context>
<context>
    <name>SideArea</name>
    <message>
        <source>Particles and readout</source>
        <translation>粒子与读数</translation>
    </message>
    <message>
        <source>Layers and trails</source>
        <translation>图层与尾迹</translation>
    </message>
    <message>
        <source>Graphs: E, C and r²</source>
        <translation>图表：E、C 与 r²</translation>
    </message>
    <message>
        <source>Regime map</source>
        <translation>运动区域图</translation>
    </message>
    <message>
        <source>Hidden pendulum</source>
        <translation>隐藏的单摆</translation>
    </message>
    <message>
        <source>Trust meter</source>
        <translation>可信度</translation>
    </message>
    <message>
        <source>Custom potential</source>
        <translation>自定义势</translation>
    </message>
    <message>
        <source>Scattering lab</source>
        <translation>散射实验</translation>
    </message>
    <message>
        <source>Any against any</source>
        <translation>任意量对任意量</translation>
    </message>
    <message>
        <source>side panel page</source>
        <translation>侧边栏页面</translation>
    </message>
    <message>
        <source>Choose what the side panel shows (View ▸ Panels, Ctrl+1 … Ctrl+9)</source>
        <translation>选择侧边栏显示的内容（视图 ▸ 面板，Ctrl+1 … Ctrl+9）</translation>
    </message>
    <message>
        <source>Detach the side panel into a window of its own (again to dock it back)</source>
        <translation>将侧边栏分离为独立窗口（再次点击可停靠回去）</translation>
    </message>
    <message>
        <source>Detach the side panel</source>
        <translation>分离侧边栏</translation>
    </message>
    <message>
        <source>Hide the side panel: the plot takes the whole width (F9 shows it again)</source>
        <translation>隐藏侧边栏：图占满整个宽度（按 F9 重新显示）</translation>
    </message>
    <message>
        <source>Hide the side panel</source>
        <translation>隐藏侧边栏</translation>
    </message>
</context>
<context>
    <name>SpaceLaunchDialog</name>
    <message>
        <source>Launch in space</source>
        <translation>在三维空间中发射</translation>
    </message>
    <message>
        <source>x₀</source>
        <translation>x₀</translation>
    </message>
    <message>
        <source>y₀</source>
        <translation>y₀</translation>
    </message>
    <message>
        <source>z₀</source>
        <translation>z₀</translation>
    </message>
    <message>
        <source>vx₀</source>
        <translation>vx₀</translation>
    </message>
    <message>
        <source>vy₀</source>
        <translation>vy₀</translation>
    </message>
    <message>
        <source>vz₀</source>
        <translation>vz₀</translation>
    </message>
    <message>
        <source>The prediction appears once the equations are derived.</source>
        <translation>方程推导完成后即显示预测。</translation>
    </message>
    <message>
        <source>E = {E}, C = {C}, L_axis = {L}: {fate}</source>
        <translation>E = {E}，C = {C}，L_axis = {L}：{fate}</translation>
    </message>
</context>
<context>
    <name>SpaceWindow</name>
    <message>
        <source>Dipole Lab: 3-D view</source>
        <translation>Dipole Lab：三维视图</translation>
    </message>
    <message>
        <source>3-D view of the paths</source>
        <translation>轨迹的三维视图</translation>
    </message>
    <message>
        <source>Launches</source>
        <translation>发射</translation>
    </message>
    <message>
        <source>Spherical pendulum</source>
        <translation>球面摆</translation>
    </message>
    <message>
        <source>sympy derives the equations when the integration first runs…</source>
        <translation>首次积分时 sympy 会推导这些方程…</translation>
    </message>
    <message>
        <source>Equations</source>
        <translation>方程</translation>
    </message>
    <message>
        <source>Signed dipole strength k</source>
        <translation>带符号的偶极强度 k</translation>
    </message>
    <message>
        <source>k</source>
        <translation>k</translation>
    </message>
    <message>
        <source>Choose a preset…</source>
        <translation>选择预设…</translation>
    </message>
    <message>
        <source>Winds around the axis and falls in</source>
        <translation>绕轴盘旋后落入</translation>
    </message>
    <message>
        <source>Escapes after several turns</source>
        <translation>绕几圈后逃逸</translation>
    </message>
    <message>
        <source>The plane breaks: small v_z</source>
        <translation>离开平面：小的 v_z</translation>
    </message>
    <message>
        <source>Preset</source>
        <translation>预设</translation>
    </message>
    <message>
        <source>Launch with numbers…</source>
        <translation>按数值发射…</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <source>The out-of-plane speed given to the plane&apos;s launches</source>
        <translation>赋予平面内发射的垂直于平面的速度分量</translation>
    </message>
    <message>
        <source>Plane&apos;s launches + v_z</source>
        <translation>平面内的发射 + v_z</translation>
    </message>
    <message>
        <source>Drag launches in the main window&apos;s plane, then bring them here with this v_z</source>
        <translation>在主窗口的平面内拖动发射，再以此 v_z 将其带到这里</translation>
    </message>
    <message>
        <source>v_z</source>
        <translation>v_z</translation>
    </message>
    <message>
        <source>Field lines and equipotentials</source>
        <translation>电场线与等势线</translation>
    </message>
    <message>
        <source>Shadows on the x–y plane</source>
        <translation>x–y 平面上的投影</translation>
    </message>
    <message>
        <source>Look down on x–y</source>
        <translation>俯视 x–y 平面</translation>
    </message>
    <message>
        <source>Reset camera</source>
        <translation>重置视角</translation>
    </message>
    <message>
        <source>Play</source>
        <translation>播放</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>fate</source>
        <translation>结局</translation>
    </message>
    <message>
        <source>E</source>
        <translation>E</translation>
    </message>
    <message>
        <source>C</source>
        <translation>C</translation>
    </message>
    <message>
        <source>L_axis</source>
        <translation>L_axis</translation>
    </message>
    <message>
        <source>drift</source>
        <translation>漂移</translation>
    </message>
    <message>
        <source>In Sundman time (dτ = dt / r²) the direction of the charge moves as a spherical pendulum with its “gravity” along the dipole&apos;s axis; C is its energy, L_axis its angular momentum about the axis.</source>
        <translation>在 Sundman 时间（dτ = dt / r²）中，电荷的方向像一个球面摆那样运动，其“重力”沿偶极子的轴；C 是它的能量，L_axis 是它绕轴的角动量。</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>Export &amp;figure of this view…</source>
        <translation>导出此视图的图片(&amp;F)…</translation>
    </message>
    <message>
        <source>Export &amp;animation, the camera turning…</source>
        <translation>导出视角旋转的动画(&amp;A)…</translation>
    </message>
    <message>
        <source>Export &amp;data with z…</source>
        <translation>导出含 z 的数据(&amp;D)…</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>关闭(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>Look &amp;down on the x–y plane</source>
        <translation>俯视 x–y 平面(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Reset camera</source>
        <translation>重置视角(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Shadows on the x–y plane</source>
        <translation>x–y 平面上的投影(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Play or pause</source>
        <translation>播放或暂停(&amp;P)</translation>
    </message>
    <message>
        <source>Camera: elevation {elev}°, azimuth {azim}° (drag or arrow keys)</source>
        <translation>视角：仰角 {elev}°，方位角 {azim}°（拖动或用方向键）</translation>
    </message>
    <message>
        <source>Integrating the launches in space</source>
        <translation>正在三维空间中积分各次发射</translation>
    </message>
    <message>
        <source>Euler–Lagrange equations sympy derives from T = ½(ṙ² + r²θ̇² + r² sin²θ φ̇²) and U = −k cos θ / r²:</source>
        <translation>sympy 由 T = ½(ṙ² + r²θ̇² + r² sin²θ φ̇²) 和 U = −k cos θ / r² 推导出的欧拉-拉格朗日方程：</translation>
    </message>
    <message>
        <source>t = {t} of {end}</source>
        <translation>t = {t} / {end}</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Launch in space</source>
        <translation>在三维空间中发射</translation>
    </message>
    <message>
        <source>The main window has no launches to bring here: launch some in its plane first</source>
        <translation>主窗口中没有可带到这里的发射：请先在其平面中发射电荷</translation>
    </message>
    <message>
        <source>Brought {added} of the plane&apos;s {total} launches here: {reason}</source>
        <translation>已将平面中 {total} 次发射中的 {added} 次带到这里：{reason}</translation>
    </message>
    <message>
        <source>The largest change of E, C and L_axis along the path, each relative to the size of its terms</source>
        <translation>沿轨迹 E、C 和 L_axis 的最大变化，各自相对于其各项的大小</translation>
    </message>
    <message>
        <source>Exported.</source>
        <translation>已导出。</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Export the 3-D view</source>
        <translation>导出三维视图</translation>
    </message>
    <message>
        <source>Writing the figure</source>
        <translation>正在写入图片</translation>
    </message>
    <message>
        <source>Export an animation of the 3-D view</source>
        <translation>导出三维视图的动画</translation>
    </message>
    <message>
        <source>Writing the animation</source>
        <translation>正在写入动画</translation>
    </message>
    <message>
        <source>Export the data with z columns</source>
        <translation>导出含 z 列的数据</translation>
    </message>
    <message>
        <source>Writing the data</source>
        <translation>正在写入数据</translation>
    </message>
</context>
<context>
    <name>Themes</name>
    <message>
        <source>Default</source>
        <translation>默认</translation>
    </message>
    <message>
        <source>Presentation</source>
        <translation>演示</translation>
    </message>
    <message>
        <source>Print</source>
        <translation>打印</translation>
    </message>
</context>
<context>
    <name>Toolbar</name>
    <message>
        <source>Home</source>
        <translation>复位</translation>
    </message>
    <message>
        <source>Reset original view</source>
        <translation>恢复原始视图</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>后退</translation>
    </message>
    <message>
        <source>Back to previous view</source>
        <translation>回到上一个视图</translation>
    </message>
    <message>
        <source>Forward</source>
        <translation>前进</translation>
    </message>
    <message>
        <source>Forward to next view</source>
        <translation>前进到下一个视图</translation>
    </message>
    <message>
        <source>Pan</source>
        <translation>平移</translation>
    </message>
    <message>
        <source>Left button pans, Right button zooms
x/y fixes axis, CTRL fixes aspect</source>
        <translation>左键平移，右键缩放
x/y 锁定坐标轴，CTRL 锁定纵横比</translation>
    </message>
    <message>
        <source>Zoom</source>
        <translation>缩放</translation>
    </message>
    <message>
        <source>Zoom to rectangle
x/y fixes axis</source>
        <translation>缩放到矩形区域
x/y 锁定坐标轴</translation>
    </message>
    <message>
        <source>Subplots</source>
        <translation>子图</translation>
    </message>
    <message>
        <source>Configure subplots</source>
        <translation>设置子图</translation>
    </message>
    <message>
        <source>Customize</source>
        <translation>自定义</translation>
    </message>
    <message>
        <source>Edit axis, curve and image parameters</source>
        <translation>编辑坐标轴、曲线和图像参数</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Save the figure</source>
        <translation>保存图片</translation>
    </message>
</context>
<context>
    <name>Tour</name>
    <message>
        <source>&amp;Getting started</source>
        <translation>入门导览(&amp;G)</translation>
    </message>
    <message>
        <source>A short tour of the five things to know: k, launching, play, the panels, exporting</source>
        <translation>简短导览，介绍需要了解的五件事：k、发射、播放、面板、导出</translation>
    </message>
    <message>
        <source>1 of 5 · The dipole strength k</source>
        <translation>第 1 步，共 5 步 · 偶极强度 k</translation>
    </message>
    <message>
        <source>Drag the k bar (or type a value) to change the dipole&apos;s strength. Its sign is the sign of the charge: with k &lt; 0 the sides of the dipole swap pushing and pulling. Every path follows at once.</source>
        <translation>拖动 k 滑块（或输入数值）来改变偶极子的强度。它的符号就是电荷的符号：k &lt; 0 时，偶极子两侧的推与拉互换。所有轨迹随即更新。</translation>
    </message>
    <message>
        <source>2 of 5 · Launch a charge</source>
        <translation>第 2 步，共 5 步 · 发射电荷</translation>
    </message>
    <message>
        <source>Press on the plot where the charge should start and drag: the arrow is its velocity. Let go to launch. On the keyboard: click the plot, press Enter, move the cursor with the arrows, Enter again.</source>
        <translation>在图上电荷的起点处按下并拖动：箭头表示它的初速度。松开即发射。用键盘：点击图，按 Enter，用方向键移动光标，再按 Enter。</translation>
    </message>
    <message>
        <source>3 of 5 · Play the motion</source>
        <translation>第 3 步，共 5 步 · 播放运动</translation>
    </message>
    <message>
        <source>Play, pause and step the charges along their paths here; Space plays and pauses from anywhere.</source>
        <translation>在这里播放、暂停电荷沿轨迹的运动或单步前进；在任何地方按空格键都可播放/暂停。</translation>
    </message>
    <message>
        <source>4 of 5 · The panels</source>
        <translation>第 4 步，共 5 步 · 面板</translation>
    </message>
    <message>
        <source>The side panel shows one page at a time: the particles and their readout, the layers, graphs of E and C, the regime map, the hidden pendulum… Choose the page at its top (View ▸ Panels); F9 hides it.</source>
        <translation>侧边栏一次显示一个页面：粒子及其读数、图层、E 和 C 的图表、运动区域图、隐藏的单摆… 在其顶部选择页面（视图 ▸ 面板）；按 F9 隐藏。</translation>
    </message>
    <message>
        <source>5 of 5 · Export</source>
        <translation>第 5 步，共 5 步 · 导出</translation>
    </message>
    <message>
        <source>File ▸ Export saves the plot as a figure (PNG, SVG, PDF), the motion as a video or GIF, and the paths as data. Help ▸ Getting started shows this tour again.</source>
        <translation>“文件 ▸ 导出”可将图保存为图片（PNG、SVG、PDF），将运动保存为视频或 GIF，将轨迹保存为数据。“帮助 ▸ 入门导览”可再次显示本导览。</translation>
    </message>
    <message>
        <source>Getting started</source>
        <translation>入门导览</translation>
    </message>
    <message>
        <source>&amp;Skip tour</source>
        <translation>跳过导览(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Back</source>
        <translation>上一步(&amp;B)</translation>
    </message>
    <message>
        <source>&amp;Next</source>
        <translation>下一步(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Done</source>
        <translation>完成(&amp;D)</translation>
    </message>
</context>
<context>
    <name>TrustPanel</name>
    <message>
        <source>Trust</source>
        <translation>可信度</translation>
    </message>
    <message>
        <source>path vs exact</source>
        <translation>轨迹与精确解之差</translation>
    </message>
    <message>
        <source>Largest distance between the integrated and the exact path</source>
        <translation>数值积分轨迹与精确轨迹之间的最大距离</translation>
    </message>
    <message>
        <source>No exact path for this potential: the largest distance between each path and the same launch run again at a {factor}× tighter tolerance, relative to the largest r (an estimate of the path&apos;s error)</source>
        <translation>此势没有精确轨迹：每条轨迹与以 {factor} 倍更严容差重新计算的同一发射之间的最大距离，相对于最大的 r（轨迹误差的估计）</translation>
    </message>
    <message>
        <source>E drift</source>
        <translation>E 的漂移</translation>
    </message>
    <message>
        <source>Largest change of the energy E along the path</source>
        <translation>沿轨迹能量 E 的最大变化（能量守恒的检验）</translation>
    </message>
    <message>
        <source>C drift</source>
        <translation>C 的漂移</translation>
    </message>
    <message>
        <source>Largest change of the second invariant C (potentials homogeneous of degree −2)</source>
        <translation>第二守恒量 C 的最大变化（−2 次齐次的势）</translation>
    </message>
    <message>
        <source>Show the exact path (dotted)</source>
        <translation>显示精确轨迹（点线）</translation>
    </message>
    <message>
        <source>Draw the closed-form path beside each integrated one (point dipole only)</source>
        <translation>在每条数值积分轨迹旁绘制解析解轨迹（仅点偶极子）</translation>
    </message>
    <message>
        <source>path vs {factor}× tighter</source>
        <translation>轨迹与 {factor} 倍更严容差之差</translation>
    </message>
    <message>
        <source>{text}; no exact path for this potential: the first row is relative to the largest r</source>
        <translation>{text}；此势没有精确轨迹：第一行相对于最大的 r</translation>
    </message>
    <message>
        <source>checking…</source>
        <translation>正在检查…</translation>
    </message>
    <message>
        <source>worst of 1 visible path; {method}, rtol {rtol}</source>
        <translation>1 条可见轨迹中的最大值；{method}，rtol {rtol}</translation>
    </message>
    <message>
        <source>worst of {count} visible paths; {method}, rtol {rtol}</source>
        <translation>{count} 条可见轨迹中的最大值；{method}，rtol {rtol}</translation>
    </message>
</context>
<context>
    <name>Workers</name>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Stop waiting for this; nothing changes</source>
        <translation>不再等待；不做任何更改</translation>
    </message>
    <message>
        <source>Preparing the fast engine (once per install, up to a minute); launches work meanwhile…</source>
        <translation>正在准备快速引擎（每次安装一次，最多一分钟）；在此期间仍可发射…</translation>
    </message>
    <message>
        <source>The fast engine is ready (prepared in {seconds} s, once per install).</source>
        <translation>快速引擎已就绪（准备用时 {seconds} 秒，每次安装一次）。</translation>
    </message>
</context>
</TS>
